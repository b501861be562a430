//! Synthetic Chinese gazette documents for the search tests and benchmark.
//!
//! Characters follow a Zipf law over a pool of Han characters; text is made
//! of "words" (1–4 characters, drawn Zipf-like from a vocabulary), clauses,
//! sentences and paragraphs, so frequent bigrams and phrases repeat as in
//! real text. Deterministic for a given seed.

use gazette::search::SearchDoc;

pub struct Rng(u64);
impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E3779B97F4A7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Samples indices `0..n` with weight `1 / (i + 1)^s`.
pub struct Zipf(Vec<f64>);
impl Zipf {
    pub fn new(n: usize, s: f64) -> Zipf {
        let mut acc = 0.0;
        Zipf(
            (0..n)
                .map(|i| {
                    acc += 1.0 / ((i + 1) as f64).powf(s);
                    acc
                })
                .collect(),
        )
    }
    pub fn sample(&self, rng: &mut Rng) -> usize {
        let total = *self.0.last().unwrap();
        let u = (rng.next() >> 11) as f64 / (1u64 << 53) as f64 * total;
        self.0.partition_point(|&c| c < u).min(self.0.len() - 1)
    }
}

pub struct Corpus {
    pub docs: Vec<SearchDoc>,
}

pub struct Shape {
    pub docs: usize,
    pub chars_per_doc: usize,
    pub han_pool: usize,
    pub vocabulary: usize,
    pub seed: u64,
}

impl Shape {
    /// The corpus the search benchmarks and measurements read: 4,700
    /// characters per document from a 30,000-word vocabulary over 3,500 Han
    /// characters (far less repetitive than a real gazette: the hard case
    /// for phrases). One shape, so that their figures compare.
    pub fn benchmark(docs: usize) -> Shape {
        Shape {
            docs,
            chars_per_doc: 4_700,
            han_pool: 3_500,
            vocabulary: 30_000,
            seed: 1,
        }
    }
}

pub const BRACKETS: [(&str, &str); 7] = [
    ("〔", "〕"),
    ("[", "]"),
    ("［", "］"),
    ("【", "】"),
    ("(", ")"),
    ("（", "）"),
    ("(", "）"),
];

/// The benchmark's 40 substring queries, 1–8 characters of random
/// documents (seed 5): the same queries wherever they are measured.
pub fn benchmark_substrings(docs: &[SearchDoc]) -> Vec<String> {
    let mut rng = Rng::new(5);
    (0..40)
        .map(|i| {
            let d = &docs[rng.below(docs.len())];
            let t: Vec<char> = d.text.chars().collect();
            let len = 1 + i % 8;
            let at = rng.below(t.len() - 8);
            t[at..at + len].iter().collect()
        })
        .collect()
}

pub fn generate(shape: &Shape) -> Corpus {
    let mut rng = Rng::new(shape.seed);
    // Han pool: a scattered selection of CJK Unified Ideographs.
    let mut pool: Vec<char> = Vec::new();
    while pool.len() < shape.han_pool {
        let c = char::from_u32(0x4E00 + rng.below(0x5000) as u32).unwrap();
        if !pool.contains(&c) {
            pool.push(c);
        }
    }
    let chars = Zipf::new(pool.len(), 1.0);
    // As in Chinese, the most frequent words are short (的, 了, 在, 和…).
    let vocab: Vec<String> = (0..shape.vocabulary)
        .map(|rank| {
            let len = if rank < shape.vocabulary / 300 {
                1
            } else if rank < shape.vocabulary / 15 {
                [1, 2, 2, 2][rng.below(4)]
            } else {
                [1, 2, 2, 2, 2, 3, 3, 4][rng.below(8)]
            };
            (0..len).map(|_| pool[chars.sample(&mut rng)]).collect()
        })
        .collect();
    let words = Zipf::new(vocab.len(), 1.0);
    let issuers: Vec<String> = (0..40)
        .map(|i| {
            let w: String = (0..3)
                .map(|_| vocab[words.sample(&mut rng)].as_str())
                .collect();
            format!("{w}{}", ["人民政府", "办公厅", "委员会", "局"][i % 4])
        })
        .collect();
    let codes: Vec<String> = (0..30)
        .map(|_| {
            let w: String = (0..2).map(|_| pool[chars.sample(&mut rng)]).collect();
            format!("{w}发")
        })
        .collect();
    let latin = [
        "GDP",
        "COVID-19",
        "Internet",
        "PM2.5",
        "ISO",
        "WTO",
        "Ｗｉｆｉ",
        "5G",
    ];
    let extras = ["カタカナの文書", "한국어 문서", "ｶﾀｶﾅ", "①②", "Ⅷ"];
    let mut docs = Vec::with_capacity(shape.docs);
    for i in 0..shape.docs {
        let mut text = String::new();
        let mut han = 0;
        while han < shape.chars_per_doc {
            let clauses = 1 + rng.below(3);
            for c in 0..clauses {
                let n = 3 + rng.below(8);
                for _ in 0..n {
                    let w = &vocab[words.sample(&mut rng)];
                    han += w.chars().count();
                    text.push_str(w);
                }
                if rng.below(40) == 0 {
                    text.push_str(latin[rng.below(latin.len())]);
                }
                if rng.below(60) == 0 {
                    text.push_str(&format!("{}", rng.below(3000)));
                }
                if rng.below(200) == 0 {
                    text.push_str(extras[rng.below(extras.len())]);
                }
                text.push_str(if c + 1 < clauses { "，" } else { "。" });
            }
            if rng.below(5) == 0 {
                text.push('\n');
            }
        }
        // Issues of 25 documents, one publication and date each.
        let issue = i / 25;
        let mut irng = Rng::new(issue as u64 + 1000 * shape.seed);
        let year = 2015 + irng.below(10);
        let number = 1 + irng.below(24);
        let date = format!("{year}-{:02}-{:02}", 1 + irng.below(12), 1 + irng.below(28));
        let code = &codes[rng.below(codes.len())];
        let (open, close) = BRACKETS[0];
        let doc_number = format!("{code}{open}{year}{close}{}号", i + 1);
        let mut title: String = (0..2 + rng.below(4))
            .map(|_| vocab[words.sample(&mut rng)].as_str())
            .collect();
        title = format!("关于{title}的通知");
        if i % 17 == 3 {
            title.push_str(" <b>&amp; \"A<B\"");
        }
        if i % 13 == 5 {
            // Cite another document, written with another bracket variant.
            let (o, c) = BRACKETS[1 + rng.below(BRACKETS.len() - 1)];
            text.push_str(&format!(
                "根据{code}{o}{year}{c}{}号",
                rng.below(shape.docs) + 1
            ));
        }
        let issuer: Vec<String> = (0..1 + rng.below(2) * rng.below(2))
            .map(|_| issuers[rng.below(issuers.len())].clone())
            .collect();
        let publication = ["xj", "bt", "ks"][issue % 3];
        let slug = format!("d{i}");
        docs.push(SearchDoc {
            url: format!("{publication}/{year}-{number}/{slug}/index.html"),
            title,
            doc_number: if i % 10 == 9 { None } else { Some(doc_number) },
            issuer,
            date: Some(date.clone()),
            publication: publication.into(),
            publication_title: format!("{publication} 公报"),
            issue: format!("{year}年第{number}号"),
            year: Some(year as u16),
            text,
        });
    }
    Corpus { docs }
}

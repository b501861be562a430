//! Browser tests of the search index in headless Chromium (Debian's
//! `chromium`), from file://. They fail when `CI=true` and Chromium is
//! missing, and are skipped with a note otherwise.
//!
//! Driver: a test page loads the site's search script with a `<script>` tag,
//! runs a list of queries through `window.GazetteSearch`, and writes the JSON
//! results into `<pre id="out">`; `chromium --dump-dom` prints the DOM.
//!
//! `cargo test --release --test search_browser -- --ignored --nocapture`
//! runs the 10,000-document benchmark (sizes, bytes per query, timings).

#[path = "browser/cdp.rs"]
mod cdp;
#[path = "browser/chrome.rs"]
mod chrome;
#[path = "browser/corpus.rs"]
mod corpus;

use cdp::Cdp;
use gazette::search::tokenize::{doc_number_key, field_matches, normalize, segments, Kind};
use gazette::search::{build_index, build_index_with, Params, SearchDoc};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Loads `page` in headless Chromium and returns the JSON written into `<pre id="out">`.
fn run_page(chrome: &Path, page: &Path) -> Value {
    let (mut cmd, _profile) = chrome::command(chrome);
    cmd.arg("--allow-file-access-from-files");
    cmd.arg("--virtual-time-budget=600000");
    cmd.arg("--dump-dom")
        .arg(format!("file://{}", page.display()));
    let out = cmd.output().expect("run chromium");
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom.find("<pre id=\"out\">").unwrap_or_else(|| {
        panic!(
            "no output in the page; stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    }) + "<pre id=\"out\">".len();
    let end = start + dom[start..].find("</pre>").unwrap();
    let text = dom[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&");
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("bad output {e}: {}", &text[..text.len().min(2000)]))
}

fn write_site(dir: &Path, files: &[(String, Vec<u8>)]) {
    for (p, data) in files {
        let path = dir.join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, data).unwrap();
    }
}

/// A page in `<site>/<sub>/test.html` running `script` (which gets `INPUT`)
/// after the search script; `script` must put its result in `window.OUT`.
fn write_page(site: &Path, input: &Value, script: &str) -> PathBuf {
    let html = format!(
        r#"<!doctype html><html><head><meta charset="utf-8"></head><body><pre id="out"></pre>
<script src="search/gazette-search.js"></script>
<script>var INPUT = {input};</script>
<script>
window.OUT_PROMISE = (async function () {{
  var out;
  try {{ out = await (async function () {{ {script} }})(); }}
  catch (e) {{ out = {{error: String(e && e.stack || e)}}; }}
  document.getElementById('out').textContent = JSON.stringify(out);
  return out;
}})();
</script></body></html>"#
    );
    let page = site.join("test.html");
    std::fs::write(&page, html).unwrap();
    page
}

struct Expect<'a> {
    docs: &'a [SearchDoc],
    norm: Vec<[String; 4]>,
}

impl<'a> Expect<'a> {
    fn new(docs: &'a [SearchDoc]) -> Self {
        let norm = docs
            .iter()
            .map(|d| {
                [
                    normalize(&d.title),
                    normalize(d.doc_number.as_deref().unwrap_or("")),
                    normalize(&d.issuer.join("、")),
                    normalize(&d.text),
                ]
            })
            .collect();
        Expect { docs, norm }
    }
    /// Brute force: URLs of the documents matching every segment of `q`.
    fn urls(&self, q: &str, opts: &Value) -> BTreeSet<String> {
        let segs = segments(q);
        if segs.is_empty() {
            return BTreeSet::new();
        }
        self.docs
            .iter()
            .zip(&self.norm)
            .filter(|(d, n)| {
                segs.iter()
                    .all(|(k, t)| n.iter().any(|f| field_matches(f, *k, t)))
                    && opts["publication"]
                        .as_str()
                        .is_none_or(|p| d.publication == p)
                    && opts["year"]
                        .as_u64()
                        .is_none_or(|y| d.year == Some(y as u16))
                    && opts["issuer"]
                        .as_str()
                        .is_none_or(|i| d.issuer.iter().any(|x| x == i))
            })
            .map(|(d, _)| d.url.clone())
            .collect()
    }
}

/// Queries: substrings of 1–8 characters taken from the corpus, absent
/// combinations, Latin words, document numbers in every bracket variant,
/// and filters.
fn queries(docs: &[SearchDoc], rng: &mut corpus::Rng, n: usize) -> Vec<Value> {
    let mut qs = Vec::new();
    for i in 0..n {
        let d = &docs[rng.below(docs.len())];
        let src: Vec<char> = if i % 5 == 0 {
            d.title.chars().collect()
        } else {
            d.text.chars().collect()
        };
        let len = 1 + i % 8;
        let at = rng.below(src.len().saturating_sub(len).max(1));
        let q: String = src[at..(at + len).min(src.len())].iter().collect();
        qs.push(json!({"q": q, "opts": {"limit": 0}}));
    }
    // Characters of two documents glued: mostly absent, sometimes present.
    for _ in 0..n / 4 {
        let a: Vec<char> = docs[rng.below(docs.len())].text.chars().collect();
        let b: Vec<char> = docs[rng.below(docs.len())].text.chars().collect();
        let (i, j) = (rng.below(a.len() - 3), rng.below(b.len() - 3));
        let q: String = a[i..i + 2].iter().chain(b[j..j + 2].iter()).collect();
        qs.push(json!({"q": q, "opts": {"limit": 0}}));
    }
    for q in [
        "GDP",
        "gdp",
        "ｇｄｐ",
        "covid",
        "COVID-19",
        "pm2",
        "pm2.5",
        "internet 人民",
        "wifi",
        "5g",
        "iso",
        "カタカナ",
        "タカ",
        "한국어",
        "국어",
        "①",
        "1",
        "viii",
        "<b>",
        "&amp;",
        "a<b",
        "\"a",
        "",
        "   ",
        "〔】",
        "zzzz",
        "的",
        "，",
        "关于",
        "的通知",
    ] {
        qs.push(json!({"q": q, "opts": {"limit": 0}}));
    }
    for _ in 0..n / 10 {
        let d = &docs[rng.below(docs.len())];
        let q: String = d.text.chars().skip(rng.below(40)).take(2).collect();
        qs.push(json!({"q": q, "opts": {"limit": 0, "publication": d.publication}}));
        qs.push(json!({"q": q, "opts": {"limit": 0, "year": d.year}}));
        if let Some(iss) = d.issuer.first() {
            qs.push(json!({"q": q, "opts": {"limit": 0, "issuer": iss, "year": d.year}}));
        }
    }
    qs
}

/// The small, repetitive corpus the exactness tests compare against brute
/// force: 240 documents of 300 characters over 300 Han characters, so that
/// phrases recur across documents.
fn exactness_shape(seed: u64) -> corpus::Shape {
    corpus::Shape {
        docs: 240,
        chars_per_doc: 300,
        han_pool: 300,
        vocabulary: 800,
        seed,
    }
}

/// Index parameters that send every phrase of three or more characters to
/// the engine's check against texts (no gram is extended), with files
/// small enough that a query spans many shards, rows and chunk files.
fn verify_params() -> Params {
    Params {
        frequent: 1000,
        extension_budget: 0.0,
        shard_bytes: 512,
        chunk_bytes: 100,
        rows_bytes: 1,
        facet_docs: 16,
        ..Params::default()
    }
}

fn doc_number_variants(n: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (o, c) in corpus::BRACKETS {
        let v = n.replace('〔', o).replace('〕', c);
        out.push(v.clone());
        out.push(v.replace(c, &format!("{c} ")).replace('号', " 号"));
        let wide: String = v
            .chars()
            .map(|ch| match ch {
                '0'..='9' => char::from_u32(ch as u32 - '0' as u32 + 0xFF10).unwrap(),
                _ => ch,
            })
            .collect();
        out.push(wide);
    }
    out
}

fn tokenizer_strings(docs: &[SearchDoc], rng: &mut corpus::Rng) -> Vec<String> {
    let mut v: Vec<String> = [
        "新政办发〔2020〕44号",
        "新政办发[2020]44号",
        "ＡＢＣ１２３ａｂｃ",
        "ｶﾀｶﾅﾞ",
        "가나다 ㄱㄴ",
        "Ǆemal ΣΑΣ ὈΔΥΣΣΕΎΣ",
        "İstanbul",
        "straße ﬁle",
        "①②③ ⅧⅫ ½ ²³",
        "𠀀𠀁 𪜀",
        "々〇〻",
        "e\u{301}té café",
        "٣٤ ١٢",
        "🙂a🙂",
        "\u{200b}x\u{feff}y",
        "tab\tnew\nline",
        "a.b-c_d",
        "㍿㍻",
        "ﾊﾟﾋﾟ",
        "Ⓐⓑ",
        "＜script＞",
        "x²",
        "١٢٣",
        "〔】（）［］",
        "PM2.5",
        "हिन्दी",
        "ไทย",
        "ㄅㄆ",
        "ꓐ",
        "Ⅰ",
        "ﹰ",
        "ᄀᄁ",
        "ﾟ",
        "ㇰ",
        "ー",
        "〜",
        "・",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for _ in 0..200 {
        let d = &docs[rng.below(docs.len())];
        let t: Vec<char> = d.text.chars().collect();
        let at = rng.below(t.len() - 30);
        v.push(t[at..at + 30].iter().collect());
    }
    // Random code points from many blocks.
    for _ in 0..300 {
        let s: String = (0..12)
            .filter_map(|_| {
                let blocks = [
                    0x20, 0xA0, 0x370, 0x400, 0x1100, 0x2000, 0x2460, 0x3000, 0x3040, 0x3130,
                    0x3200, 0x3300, 0x4E00, 0xAC00, 0xF900, 0xFE30, 0xFF00, 0x1F100, 0x20000,
                ];
                let b = blocks[rng.below(blocks.len())];
                char::from_u32(b + rng.below(0x100) as u32)
            })
            // U+209D..U+209F are new in Unicode 17: the normalisation crate
            // knows them, Chromium's ICU may not yet.
            .filter(|c| !('\u{209d}'..='\u{209f}').contains(c))
            .collect();
        v.push(s);
    }
    v
}

#[test]
fn search_in_chromium_matches_brute_force() {
    let Some(chrome) = chrome::find() else { return };
    let corpus = corpus::generate(&exactness_shape(7));
    let mut docs = corpus.docs.clone();
    // A body that holds a phrase only through a compatibility ideograph
    // (U+F963 normalises to 北): the phrase finds it, whichever way the
    // engine checks candidates against their texts.
    docs[0].text.push_str("。\u{F963}京市。");
    let docs = &docs;
    let expect = Expect::new(docs);
    let mut rng = corpus::Rng::new(99);
    let mut qs = queries(docs, &mut rng, 400);
    qs.push(json!({"q": "北京市", "opts": {"limit": 0}}));
    let numbered: Vec<&SearchDoc> = docs
        .iter()
        .filter(|d| d.doc_number.is_some())
        .take(12)
        .collect();
    let mut num_qs = Vec::new();
    for d in &numbered {
        for v in doc_number_variants(d.doc_number.as_deref().unwrap()) {
            num_qs.push(json!({"q": v, "opts": {"limit": 3}, "want": d.url}));
        }
    }
    let strings = tokenizer_strings(docs, &mut rng);
    // Phrases typed a character at a time: from bodies and titles, some
    // running on past a punctuation mark, and one that stops matching.
    let mut typing: Vec<String> = Vec::new();
    for i in 0..8 {
        let d = &docs[rng.below(docs.len())];
        let field: Vec<char> = if i % 4 == 3 {
            d.title.chars().collect()
        } else {
            d.text.chars().collect()
        };
        if field.len() < 10 {
            continue;
        }
        let at = rng.below(field.len() - 9);
        typing.push(field[at..at + 9].iter().collect());
    }
    typing.push(format!(
        "{}丂丂",
        typing[0].chars().take(4).collect::<String>()
    ));
    let script = r#"
      var out = {tok: INPUT.strings.map(function (s) { return GazetteSearch.describe(s); }), res: [], num: []};
      for (const q of INPUT.queries) {
        const r = await GazetteSearch.query(q.q, q.opts);
        const few = await GazetteSearch.query(q.q, Object.assign({}, q.opts, {limit: 5}));
        const counts = few.complete ? await few.complete : {total: few.total};
        out.res.push({urls: r.map(function (x) { return x.url; }), total: r.total, facets: r.facets,
                      few: few.map(function (x) { return x.url; }), few_total: counts.total,
                      first: r[0] ? {title: r[0].title, title_html: r[0].title_html, excerpt: r[0].excerpt} : null});
      }
      for (const q of INPUT.num) {
        const r = await GazetteSearch.query(q.q, q.opts);
        out.num.push(r.map(function (x) { return x.url; }));
      }
      // Typing, one character more per query, with a pause after each
      // query's counts (when the engine prepares for the next keystroke),
      // then the same queries each from a fresh start: the same results.
      out.typed = []; out.typed_cold = [];
      async function page(q) {
        const r = await GazetteSearch.query(q, {limit: 5});
        const c = r.complete ? await r.complete : {total: r.total};
        return {q: q, total: c.total, res: r.map(function (x) { return [x.url, x.score, x.title_html, x.excerpt]; })};
      }
      for (const phrase of INPUT.typing) {
        GazetteSearch._reset();
        var typed = '';
        for (const ch of phrase) {
          typed += ch;
          out.typed.push(await page(typed));
          await new Promise(function (r) { setTimeout(r, 50); });
        }
      }
      for (const t of out.typed) {
        GazetteSearch._reset();
        out.typed_cold.push(await page(t.q));
      }
      var sorted = await GazetteSearch.query('关于', {limit: 0, sort: 'date'});
      out.sorted = sorted.map(function (x) { return x.date; });
      // Cold (nothing loaded), so that excerpts come from heads if they can.
      out.cold = []; out.rows_files = 0;
      for (const q of INPUT.queries.slice(0, 160)) {
        GazetteSearch._reset();
        const r = await GazetteSearch.query(q.q, Object.assign({}, q.opts, {limit: 5}));
        if (r.complete) await r.complete; // before the next reset
        out.cold.push(r.map(function (x) { return [x.url, x.title_html, x.excerpt]; }));
        out.rows_files += GazetteSearch.loaded.filter(function (p) { return p.startsWith('r/'); }).length;
      }
      return out;
    "#;
    // Default parameters, and parameters that make almost every gram
    // frequent (long extension chains) or rare (verification against text,
    // small files), and no heads in the rows (excerpts from whole texts,
    // which must equal those from heads).
    let mut cold_default = Value::Null;
    for (name, params) in [
        ("default", Params::default()),
        (
            "no-head",
            Params {
                head_chars: 0,
                ..Params::default()
            },
        ),
        (
            "extend",
            Params {
                frequent: 1,
                extension_budget: 100.0,
                max_size_ratio: 100.0,
                ..Params::default()
            },
        ),
        ("verify", verify_params()),
    ] {
        let site = tempfile::tempdir().unwrap();
        let files = build_index_with(docs, params);
        write_site(site.path(), &files);
        let input = json!({"queries": qs, "num": num_qs, "strings": strings, "typing": typing});
        let page = write_page(site.path(), &input, script);
        let out = run_page(&chrome, &page);
        assert!(
            out.get("error").is_none(),
            "{name}: page error {}",
            out["error"]
        );

        // Tokeniser agreement.
        let mut disagree = Vec::new();
        for (s, js) in strings.iter().zip(out["tok"].as_array().unwrap()) {
            let rust = gazette::search::tokenize::describe(s);
            if js.as_str().unwrap() != rust {
                disagree.push(format!(
                    "{s:?} (NFKC {:?}): js {js:?} rust {rust:?}",
                    normalize(s)
                ));
            }
        }
        assert!(
            disagree.is_empty(),
            "{name}: tokenisers disagree:\n{}",
            disagree.join("\n")
        );
        // Recall and precision against brute force.
        let mut nonempty = 0;
        for (q, r) in qs.iter().zip(out["res"].as_array().unwrap()) {
            let want = expect.urls(q["q"].as_str().unwrap(), &q["opts"]);
            let got: BTreeSet<String> = r["urls"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u.as_str().unwrap().to_string())
                .collect();
            assert_eq!(got, want, "{name}: query {q}");
            assert_eq!(r["total"].as_u64().unwrap() as usize, want.len());
            // The first page (verified only as far as needed) is the start
            // of the full ranking, and the counts that follow are exact.
            let all = r["urls"].as_array().unwrap();
            assert_eq!(
                r["few"].as_array().unwrap()[..],
                all[..all.len().min(5)],
                "{name}: first page of {q}"
            );
            assert_eq!(
                r["few_total"].as_u64().unwrap() as usize,
                want.len(),
                "{name}: count of {q}"
            );
            if !want.is_empty() {
                nonempty += 1;
                let first = &r["first"];
                for key in ["excerpt", "title_html"] {
                    let h = first[key].as_str().unwrap();
                    let stripped = h.replace("<mark>", "").replace("</mark>", "");
                    assert!(
                        !stripped.contains('<') && !stripped.contains('>'),
                        "{name}: unescaped {key} {h}"
                    );
                }
                let url = r["urls"][0].as_str().unwrap();
                let top = docs.iter().position(|d| d.url == url).unwrap();
                let in_text = segments(q["q"].as_str().unwrap()).iter().any(|(k, t)| {
                    *k == Kind::Cjk
                        && (expect.norm[top][0].contains(t.as_str())
                            || expect.norm[top][3].contains(t.as_str()))
                });
                if in_text {
                    let t = format!("{}{}", first["excerpt"], first["title_html"]);
                    assert!(t.contains("<mark>"), "{name}: no highlight for {q}: {t}");
                }
            }
        }
        assert!(
            nonempty > qs.len() / 2,
            "{name}: too few queries with results"
        );
        // Document numbers: the document first, whatever the brackets.
        for (q, r) in num_qs.iter().zip(out["num"].as_array().unwrap()) {
            assert_eq!(r[0], q["want"], "{name}: doc number query {}", q["q"]);
        }
        // Typing: each page as from a fresh start, exact counts.
        let (typed, cold) = (&out["typed"], &out["typed_cold"]);
        assert_eq!(
            typed.as_array().unwrap().len(),
            cold.as_array().unwrap().len()
        );
        for (t, c) in typed
            .as_array()
            .unwrap()
            .iter()
            .zip(cold.as_array().unwrap())
        {
            assert_eq!(t, c, "{name}: typed query differs from the same query cold");
            let want = expect.urls(t["q"].as_str().unwrap(), &json!({}));
            assert_eq!(
                t["total"].as_u64().unwrap() as usize,
                want.len(),
                "{name}: {t}"
            );
            for r in t["res"].as_array().unwrap() {
                assert!(want.contains(r[0].as_str().unwrap()), "{name}: {t}");
            }
        }
        let dates: Vec<&str> = out["sorted"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d.as_str().unwrap())
            .collect();
        let mut sorted = dates.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(dates, sorted, "{name}: sort by date");
        assert!(dates.len() > 10);
        let cold = &out["cold"];
        if name == "default" {
            assert!(
                out["rows_files"].as_u64().unwrap() > 0,
                "no excerpt from a head"
            );
            cold_default = cold.clone();
        } else if name == "no-head" {
            assert_eq!(cold, &cold_default, "excerpts from heads");
        }
        eprintln!(
            "{name}: {} queries agree with brute force",
            qs.len() + num_qs.len()
        );
    }
    let _ = doc_number_key;
}

#[test]
fn facet_counts_are_exact() {
    let Some(chrome) = chrome::find() else { return };
    let corpus = corpus::generate(&corpus::Shape {
        docs: 120,
        chars_per_doc: 200,
        han_pool: 200,
        vocabulary: 400,
        seed: 3,
    });
    let docs = &corpus.docs;
    let site = tempfile::tempdir().unwrap();
    write_site(site.path(), &build_index(docs));
    let q: String = docs[0].text.chars().take(1).collect();
    let page = write_page(
        site.path(),
        &json!({"q": q, "year": docs[0].year}),
        "return await GazetteSearch.facets(INPUT.q, {year: INPUT.year});",
    );
    let out = run_page(&chrome, &page);
    let expect = Expect::new(docs);
    // Publication counts honour the year filter; year counts ignore it.
    for p in out["publication"].as_array().unwrap() {
        let want = expect
            .urls(&q, &json!({"publication": p[0], "year": docs[0].year}))
            .len();
        assert_eq!(p[2].as_u64().unwrap() as usize, want, "{p}");
    }
    for y in out["year"].as_array().unwrap() {
        let want = expect.urls(&q, &json!({"year": y[0]})).len();
        assert_eq!(y[1].as_u64().unwrap() as usize, want, "{y}");
    }
    for i in out["issuer"].as_array().unwrap() {
        let want = expect
            .urls(&q, &json!({"issuer": i[0], "year": docs[0].year}))
            .len();
        assert_eq!(i[1].as_u64().unwrap() as usize, want, "{i}");
    }
    assert!(!out["issuer"].as_array().unwrap().is_empty());

    // A character in most but not all documents, no filter: the issuer
    // counts are the totals less those of the documents it lacks.
    let mut in_docs: HashMap<char, BTreeSet<usize>> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        for c in d
            .text
            .chars()
            .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        {
            in_docs.entry(c).or_default().insert(i);
        }
    }
    let (q, n) = in_docs
        .iter()
        .map(|(c, s)| (c.to_string(), s.len()))
        .filter(|&(_, n)| n < docs.len())
        .max_by_key(|&(ref c, n)| (n, std::cmp::Reverse(c.clone())))
        .unwrap();
    assert!(n * 2 > docs.len(), "{q} in {n} documents");
    let page = write_page(
        site.path(),
        &json!({"q": q}),
        "return await GazetteSearch.facets(INPUT.q, {});",
    );
    let out = run_page(&chrome, &page);
    let mut names: BTreeSet<&str> = BTreeSet::new();
    for d in docs {
        names.extend(d.issuer.iter().map(|s| s.as_str()));
    }
    let got: HashMap<&str, u64> = out["issuer"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i[0].as_str().unwrap(), i[1].as_u64().unwrap()))
        .collect();
    for name in names {
        let want = expect.urls(&q, &json!({ "issuer": name })).len() as u64;
        assert_eq!(got.get(name).copied().unwrap_or(0), want, "{q}: {name}");
    }
    for y in out["year"].as_array().unwrap() {
        let want = expect.urls(&q, &json!({"year": y[0]})).len();
        assert_eq!(y[1].as_u64().unwrap() as usize, want, "{y}");
    }
}

/// Benchmark at 10,000 documents of ~4,700 Han characters: build time,
/// index size, bytes read per cold query, and timings in Chromium.
#[test]
#[ignore]
fn benchmark_10k() {
    benchmark(10_000);
}

#[test]
#[ignore]
fn benchmark_100k() {
    benchmark(100_000);
}

/// Index sizes for `GAZETTE_DOCS` documents and `GAZETTE_FREQUENT`.
#[test]
#[ignore]
fn index_sizes() {
    let n: usize = std::env::var("GAZETTE_DOCS").map_or(2000, |v| v.parse().unwrap());
    let frequent: usize = std::env::var("GAZETTE_FREQUENT").map_or(24, |v| v.parse().unwrap());
    let corpus = corpus::generate(&corpus::Shape::benchmark(n));
    let text: usize = corpus.docs.iter().map(|d| d.text.len()).sum();
    // CPU seconds (user + system) of this process, from /proc: a measure of
    // the work that the load of a shared machine does not distort.
    let cpu = || gazette::build::cpu_seconds().unwrap_or(0.0);
    let cpu0 = cpu();
    let t = Instant::now();
    let extension_budget: f64 = std::env::var("GAZETTE_BUDGET").map_or(1.0, |v| v.parse().unwrap());
    let files = build_index_with(
        &corpus.docs,
        Params {
            frequent,
            extension_budget,
            ..Params::default()
        },
    );
    let el = t.elapsed();
    eprintln!("build_index: {el:?} wall, {:.2} s CPU", cpu() - cpu0);
    let mut by_kind: HashMap<String, usize> = HashMap::new();
    for (p, d) in &files {
        *by_kind
            .entry(p.split('/').take(2).collect::<Vec<_>>().join("/"))
            .or_default() += d.len();
    }
    let total: usize = by_kind.values().sum();
    // A digest of every file, to check that a faster build writes the same index.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    std::hash::Hash::hash(&files, &mut h);
    eprintln!(
        "{n} docs, frequent {frequent}: {el:?}, {:.3}x text, {} files, digest {:016x}; {by_kind:?}",
        total as f64 / text as f64,
        files.len(),
        std::hash::Hasher::finish(&h)
    );
}

fn benchmark(n: usize) {
    let Some(chrome) = chrome::find() else { return };
    let t = Instant::now();
    let corpus = corpus::generate(&corpus::Shape::benchmark(n));
    let docs = &corpus.docs;
    let text_bytes: usize = docs
        .iter()
        .map(|d| d.text.len() + d.title.len() + d.doc_number.as_deref().map_or(0, str::len))
        .sum();
    eprintln!(
        "generated {n} docs, {:.1} MB of text in {:?}",
        text_bytes as f64 / 1e6,
        t.elapsed()
    );
    let t = Instant::now();
    let files = build_index(docs);
    let build = t.elapsed();
    let total: usize = files.iter().map(|(_, d)| d.len()).sum();
    let mut by_kind: HashMap<&str, (usize, usize)> = HashMap::new();
    for (p, d) in &files {
        let k = if p.starts_with("search/s/") {
            "shards"
        } else if p.starts_with("search/c/") {
            "chunks"
        } else if p.starts_with("search/r/") {
            "rows"
        } else if p.starts_with("search/f/") {
            "facets"
        } else {
            p.as_str()
        };
        let e = by_kind.entry(k).or_default();
        e.0 += 1;
        e.1 += d.len();
    }
    eprintln!(
        "build_index: {build:?}; index {:.1} MB = {:.3}x text; {:?}",
        total as f64 / 1e6,
        total as f64 / text_bytes as f64,
        by_kind
    );
    let sizes: HashMap<String, usize> = files
        .iter()
        .map(|(p, d)| (p.trim_start_matches("search/").to_string(), d.len()))
        .collect();
    let mut files = files;
    if let Ok(path) = std::env::var("GAZETTE_BENCH_RUNTIME") {
        // Another engine (e.g. `git show main:src/search/runtime.js`), to
        // compare against in the same conditions: same index, its config.
        let runtime = std::fs::read_to_string(&path).expect("GAZETTE_BENCH_RUNTIME");
        let (_, data) = files
            .iter_mut()
            .find(|(p, _)| p == "search/gazette-search.js")
            .unwrap();
        let js = String::from_utf8(data.clone()).unwrap();
        let config = &js[js.rfind("\nGazetteSearch._config(").unwrap()..];
        *data = format!("{runtime}{config}").into_bytes();
        eprintln!("engine: {path}");
    }
    let site = tempfile::tempdir().unwrap();
    write_site(site.path(), &files);
    drop(files);

    // Queries: frequent and rare, 1–8 characters, doc numbers.
    let mut qs = corpus::benchmark_substrings(docs);
    qs.push(
        docs[7]
            .doc_number
            .clone()
            .unwrap()
            .replace('〔', "[")
            .replace('〕', "]"),
    );
    qs.push("gdp".into());
    let typed: Vec<char> = docs[3].text.chars().skip(100).take(8).collect();
    let script = r#"
      // Long tasks, and what was running then (spans of the queries).
      var long = [], spans = [];
      try { new PerformanceObserver(function (l) { l.getEntries().forEach(function (e) { long.push([e.startTime, e.duration]); }); })
              .observe({type: 'longtask', buffered: true}); } catch (e) {}
      var out = {cold: [], typing: []};
      // A query, timed: to its first result and to its first three (the
      // engine's `progress` calls; an engine without them, or a page of
      // fewer results: the time to the page), and to the page.
      async function timed(q) {
        var t0 = performance.now(), at1 = null, at3 = null;
        var r = await GazetteSearch.query(q, {progress: function (res) {
          var t = performance.now() - t0;
          if (at1 === null && res.length >= 1) at1 = t;
          if (at3 === null && res.length >= 3) at3 = t;
        }});
        var ms = performance.now() - t0;
        return {r: r, t0: t0, ms: ms, ms1: at1 === null ? ms : at1, ms3: at3 === null ? ms : at3};
      }
      // A first query, cold from disk: the time to its results, then to
      // its counts, and when each file was requested and arrived (ms
      // from the query; engines without GazetteSearch.loadTimes: none).
      async function first() {
        var x = await timed(INPUT.typed[0] + INPUT.typed[1]), r = x.r, t0 = x.t0;
        var f = {ms: x.ms, ms1: x.ms1, ms3: x.ms3, n: r.length, files: GazetteSearch.loaded.slice()};
        if (r.complete) await r.complete;
        f.ms_counts = performance.now() - t0;
        var lt = GazetteSearch.loadTimes || {};
        f.loads = Object.keys(lt).map(function (p) { return [p, lt[p][0] - t0, lt[p][1] - t0]; });
        spans.push(['first query', t0, performance.now()]);
        return f;
      }
      // At once, or (INPUT.warm) once the page has loaded the metadata
      // while idle, as the search page does.
      if (INPUT.warm) {
        await GazetteSearch.warm();
        return {first: await first(), warm_tasks: GazetteSearch.warmTimes || []};
      }
      out.first = await first();
      // Typing: one character more per keystroke, each once the counts
      // of the one before have arrived (a typist is slower than that):
      // the time to the results, then to the counts.
      var q = '';
      for (var i = 0; i < INPUT.typed.length; i++) {
        q += INPUT.typed[i];
        var x = await timed(q), r = x.r, t = x.t0;
        var k = {q: q, ms: x.ms, ms1: x.ms1, ms3: x.ms3, n: r.length};
        if (r.complete) await r.complete;
        k.ms_counts = performance.now() - t;
        out.typing.push(k);
        spans.push(['keystroke ' + q, t, performance.now()]);
      }
      // The same typing from a fresh start (the page warmed up, the first
      // query, then one keystroke each), with a typist's pause of
      // INPUT.pause ms between the counts of one keystroke and the next,
      // during which an engine may prepare for the next keystroke: the
      // time to the results, and the files each keystroke itself requested.
      GazetteSearch._reset();
      if (GazetteSearch.warm) await GazetteSearch.warm();
      out.paused = [];
      q = '';
      for (var i = 0; i < INPUT.typed.length; i++) {
        q += INPUT.typed[i];
        if (i === 0) continue; // the first query is typed[0..2]
        var idle = GazetteSearch.loaded.length;
        await new Promise(function (r) { setTimeout(r, INPUT.pause); });
        var before = GazetteSearch.loaded.length;
        var x = await timed(q), r = x.r, t = x.t0;
        var k = {q: q, ms: x.ms, ms1: x.ms1, ms3: x.ms3, n: r.length, files: GazetteSearch.loaded.slice(before), total: r.total,
                 paused_files: GazetteSearch.loaded.slice(idle, before)};
        if (r.complete) k.total = (await r.complete).total;
        k.ms_counts = performance.now() - t;
        out.paused.push(k);
        spans.push([(i === 1 ? 'paused first query ' : 'paused keystroke ') + q, t, performance.now()]);
      }
      // Every query cold, files read by each.
      for (var q of INPUT.queries) {
        GazetteSearch._reset();
        var t = performance.now();
        var r = await GazetteSearch.query(q);
        var c = {q: q, ms: performance.now() - t, n: r.length, files: GazetteSearch.loaded.slice()};
        var counts = r.complete ? await r.complete : {total: r.total};
        c.total = counts.total;
        c.ms_counts = performance.now() - t;
        c.files_counts = GazetteSearch.loaded.slice();
        out.cold.push(c);
        spans.push(['cold ' + q, t, performance.now()]);
      }
      await new Promise(function (r) { setTimeout(r, 100); });
      out.long = long.map(function (e) {
        var s = spans.find(function (x) { return e[0] < x[2] && e[0] + e[1] > x[1]; });
        return Math.round(e[1]) + ' ms (' + (s ? s[0] : 'between queries') + ')';
      });
      return out;
    "#;
    let input = json!({
        "queries": qs,
        "typed": typed.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
        "pause": 150,
    });
    let mut input_warm = input.clone();
    input_warm["warm"] = json!(true);
    let page_warm = write_page(site.path(), &input_warm, script);
    let warm = Cdp::start(&chrome).run(&page_warm);
    let page = write_page(site.path(), &input, script);
    let out = Cdp::start(&chrome).run(&page);
    assert!(out.get("error").is_none(), "{}", out["error"]);
    let bytes = |files: &Value| -> usize {
        files
            .as_array()
            .unwrap()
            .iter()
            .map(|f| sizes[f.as_str().unwrap()])
            .sum()
    };
    eprintln!(
        "first query {:?}: first result {:.1} ms, 3 results {:.1} ms, page {:.1} ms, {} results, {} KB read; counts at {:.1} ms",
        typed[..2].iter().collect::<String>(),
        out["first"]["ms1"].as_f64().unwrap(),
        out["first"]["ms3"].as_f64().unwrap(),
        out["first"]["ms"].as_f64().unwrap(),
        out["first"]["n"],
        bytes(&out["first"]["files"]) / 1024,
        out["first"]["ms_counts"].as_f64().unwrap(),
    );
    eprintln!(
        "  files of the first query: {}; its texts arrived at (ms) {}",
        load_phases(&out["first"]["loads"]),
        arrivals(&out["first"]["loads"], "c/")
    );
    eprintln!(
        "first query after the page warmed up (metadata loaded while idle): first result {:.1} ms, 3 results {:.1} ms, page {:.1} ms, {} KB read in all; counts at {:.1} ms",
        warm["first"]["ms1"].as_f64().unwrap(),
        warm["first"]["ms3"].as_f64().unwrap(),
        warm["first"]["ms"].as_f64().unwrap(),
        bytes(&warm["first"]["files"]) / 1024,
        warm["first"]["ms_counts"].as_f64().unwrap(),
    );
    eprintln!(
        "  files of the warmed first query: {}; its texts arrived at (ms) {}; tasks of the warm-up (ms): {}",
        load_phases(&warm["first"]["loads"]),
        arrivals(&warm["first"]["loads"], "c/"),
        warm["warm_tasks"]
    );
    for k in out["typing"].as_array().unwrap() {
        eprintln!(
            "keystroke {}: first result {:.1} ms, 3 results {:.1} ms, page {:.1} ms, {} results; counts at {:.1} ms",
            k["q"],
            k["ms1"].as_f64().unwrap(),
            k["ms3"].as_f64().unwrap(),
            k["ms"].as_f64().unwrap(),
            k["n"],
            k["ms_counts"].as_f64().unwrap(),
        );
    }
    // (The first of these is the first query of a warmed page, its
    // pause included: not a keystroke.)
    for k in out["paused"].as_array().unwrap() {
        eprintln!(
            "keystroke after a 150 ms pause {}: first result {:.1} ms, 3 results {:.1} ms, page {:.1} ms, {} results of {}, files requested {}; counts at {:.1} ms; during the pause before it {} ({} KB)",
            k["q"],
            k["ms1"].as_f64().unwrap(),
            k["ms3"].as_f64().unwrap(),
            k["ms"].as_f64().unwrap(),
            k["n"],
            k["total"],
            files_by_kind(&k["files"]),
            k["ms_counts"].as_f64().unwrap(),
            files_by_kind(&k["paused_files"]),
            bytes(&k["paused_files"]) / 1024,
        );
    }
    let mut worst = 0;
    for c in out["cold"].as_array().unwrap() {
        let b = bytes(&c["files"]);
        worst = worst.max(b);
        eprintln!(
            "cold {:<16} first page {:>7.1} ms {:>5} KB ({:>3} files) | all {:>5} docs {:>7.1} ms {:>6} KB",
            c["q"].as_str().unwrap().replace('\n', "⏎"),
            c["ms"].as_f64().unwrap(),
            b / 1024,
            c["files"].as_array().unwrap().len(),
            c["total"],
            c["ms_counts"].as_f64().unwrap(),
            bytes(&c["files_counts"]) / 1024,
        );
        // KB by kind of file, counts included.
        let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
        for f in c["files_counts"].as_array().unwrap() {
            let f = f.as_str().unwrap();
            *kinds.entry(f.split('/').next().unwrap()).or_default() += sizes[f];
        }
        let kinds: Vec<String> = kinds
            .iter()
            .map(|(k, b)| format!("{k} {}", b / 1024))
            .collect();
        eprintln!("     {:<16} KB by file: {}", "", kinds.join(", "));
    }
    eprintln!("long tasks (ms): {}", out["long"]);
    eprintln!(
        "worst bytes read by a cold query's first page: {} KB",
        worst / 1024
    );
    // The summary against the budget of SPEC §4 (150 KB at 10,000
    // documents, 400 KB at 100,000).
    let budget = if n >= 100_000 { 400 } else { 150 } * 1024;
    let cold = out["cold"].as_array().unwrap();
    let median = |mut v: Vec<f64>| -> f64 {
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        let m = v.len() / 2;
        if v.len().is_multiple_of(2) {
            (v[m - 1] + v[m]) / 2.0
        } else {
            v[m]
        }
    };
    let first: Vec<usize> = cold.iter().map(|c| bytes(&c["files"])).collect();
    let all: Vec<usize> = cold.iter().map(|c| bytes(&c["files_counts"])).collect();
    let times = |seq: &str, skip: usize, key: &str| -> Vec<f64> {
        out[seq]
            .as_array()
            .unwrap()
            .iter()
            .skip(skip)
            .map(|k| k[key].as_f64().unwrap())
            .collect()
    };
    let keys = times("typing", 0, "ms");
    let keys1 = times("typing", 0, "ms1");
    let keys3 = times("typing", 0, "ms3");
    let paused = times("paused", 1, "ms");
    let paused1 = times("paused", 1, "ms1");
    let paused3 = times("paused", 1, "ms3");
    let within = |v: &[f64]| v.iter().filter(|&&x| x <= 16.0).count();
    eprintln!(
        "SUMMARY {n} docs: first page median {:.0} KB, {}/{} within {} KB; with counts median {:.0} KB, {}/{} within; cold query median {:.1} ms; keystroke median {:.1} ms; first query {:.1} ms (warmed {:.1} ms); keystrokes within 16 ms {}/{}, after 150 ms pauses median {:.1} ms, {}/{} within 16 ms; first result / 3 results: first query {:.1} / {:.1} ms (warmed {:.1} / {:.1} ms), keystroke median {:.1} / {:.1} ms, {}/{} first results within 16 ms, after pauses median {:.1} / {:.1} ms, {}/{} within 16 ms",
        median(first.iter().map(|&b| b as f64 / 1024.0).collect()),
        first.iter().filter(|&&b| b <= budget).count(),
        first.len(),
        budget / 1024,
        median(all.iter().map(|&b| b as f64 / 1024.0).collect()),
        all.iter().filter(|&&b| b <= budget).count(),
        all.len(),
        median(cold.iter().map(|c| c["ms"].as_f64().unwrap()).collect()),
        median(keys.clone()),
        out["first"]["ms"].as_f64().unwrap(),
        warm["first"]["ms"].as_f64().unwrap(),
        within(&keys),
        keys.len(),
        median(paused.clone()),
        within(&paused),
        paused.len(),
        out["first"]["ms1"].as_f64().unwrap(),
        out["first"]["ms3"].as_f64().unwrap(),
        warm["first"]["ms1"].as_f64().unwrap(),
        warm["first"]["ms3"].as_f64().unwrap(),
        median(keys1.clone()),
        median(keys3),
        within(&keys1),
        keys1.len(),
        median(paused1.clone()),
        median(paused3),
        within(&paused1),
        paused1.len(),
    );
}

/// How many files of each kind (`s`, `c`, `r`, …) a list of paths holds.
fn files_by_kind(files: &Value) -> String {
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for f in files.as_array().into_iter().flatten() {
        *kinds
            .entry(f.as_str().unwrap().split('/').next().unwrap())
            .or_default() += 1;
    }
    if kinds.is_empty() {
        return "none".into();
    }
    let v: Vec<String> = kinds.iter().map(|(k, n)| format!("{k} ×{n}")).collect();
    v.join(", ")
}

/// When the files of a query under `prefix` arrived, in ms from the query,
/// in order of request.
fn arrivals(loads: &Value, prefix: &str) -> String {
    let v: Vec<String> = loads
        .as_array()
        .into_iter()
        .flatten()
        .filter(|l| l[0].as_str().unwrap().starts_with(prefix))
        .map(|l| format!("{:.0}", l[2].as_f64().unwrap_or(f64::NAN)))
        .collect();
    format!("[{}]", v.join(", "))
}

/// The files of a query by kind (`meta.js`, `s`, `c`, `r`, `f`): how many,
/// from the first request to the last arrival, in ms from the query.
fn load_phases(loads: &Value) -> String {
    let mut kinds: BTreeMap<String, (usize, f64, f64)> = BTreeMap::new();
    for l in loads.as_array().into_iter().flatten() {
        let path = l[0].as_str().unwrap();
        let kind = path.split('/').next().unwrap().to_string();
        let (start, end) = (l[1].as_f64().unwrap(), l[2].as_f64().unwrap_or(f64::NAN));
        let e = kinds
            .entry(kind)
            .or_insert((0, f64::INFINITY, f64::NEG_INFINITY));
        e.0 += 1;
        e.1 = e.1.min(start);
        e.2 = e.2.max(end);
    }
    if kinds.is_empty() {
        return "(no load times from this engine)".into();
    }
    let mut v: Vec<_> = kinds.into_iter().collect();
    v.sort_by(|a, b| a.1 .1.total_cmp(&b.1 .1));
    v.iter()
        .map(|(k, (n, a, b))| format!("{k} ×{n} {a:.1}→{b:.1}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Progressive results: the `progress` calls of a query give growing
/// prefixes of its final page, in rank order, and the final page is the
/// same as without `progress`, cold or with everything loaded, for phrases
/// that are one posting list and phrases checked against their texts
/// (parameters under which no phrase of three characters or more is
/// indexed whole). The search page shows only such prefixes while a query
/// is under way (never a stale query's results), and ends with its page.
#[test]
fn progress_gives_prefixes_of_the_page() {
    let Some(chrome) = chrome::find() else { return };
    let corpus = corpus::generate(&exactness_shape(13));
    let docs = &corpus.docs;
    let expect = Expect::new(docs);
    let mut rng = corpus::Rng::new(17);
    let mut qs = Vec::new();
    for i in 0..24 {
        let d = &docs[rng.below(docs.len())];
        let t: Vec<char> = d.text.chars().collect();
        let len = 2 + i % 5;
        let at = rng.below(t.len() - len);
        let q: String = t[at..at + len].iter().collect();
        let opts = match i % 6 {
            0 => json!({"limit": 5}),
            1 => json!({"sort": "date"}),
            2 => json!({"year": d.year}),
            3 => json!({"limit": 0}),
            _ => json!({}),
        };
        qs.push(json!({"q": q, "opts": opts}));
    }
    let common: String = docs[0].text.chars().take(1).collect();
    qs.push(json!({"q": common.clone(), "opts": {}}));
    qs.push(json!({"q": "zzzzqqq", "opts": {}}));
    let script = r#"
      function row(x) { return [x.url, x.score, x.title_html, x.excerpt, x.title, x.doc_number, x.issue, x.date]; }
      async function run(q, opts, calls) {
        const o = Object.assign({}, opts);
        if (calls) o.progress = function (res) { calls.push(res.map(row)); };
        const r = await GazetteSearch.query(q, o);
        if (r.complete) await r.complete;
        return r.map(row);
      }
      var out = [];
      for (const q of INPUT.queries) {
        GazetteSearch._reset();
        const cold = [], warm = [];
        const fc = await run(q.q, q.opts, cold);
        const fw = await run(q.q, q.opts, warm);
        GazetteSearch._reset();
        const plain = await run(q.q, q.opts, null);
        out.push({cold: cold, warm: warm, final_cold: fc, final_warm: fw, plain: plain});
      }
      return out;
    "#;
    for (name, params) in [("default", Params::default()), ("verify", verify_params())] {
        let site = tempfile::tempdir().unwrap();
        write_site(site.path(), &build_index_with(docs, params));
        let page = write_page(site.path(), &json!({"queries": qs}), script);
        let out = Cdp::start(&chrome).run(&page);
        assert!(out.get("error").is_none(), "{name}: {}", out["error"]);
        let mut progressive = 0;
        let mut checked = 0;
        for (q, r) in qs.iter().zip(out.as_array().unwrap()) {
            let fin = r["plain"].as_array().unwrap();
            assert_eq!(r["final_cold"], r["plain"], "{name}: {q}");
            assert_eq!(r["final_warm"], r["plain"], "{name}: {q}");
            let want = expect.urls(q["q"].as_str().unwrap(), &q["opts"]);
            let limit = q["opts"]["limit"].as_u64().map_or(10, |l| {
                if l == 0 {
                    usize::MAX
                } else {
                    l as usize
                }
            });
            assert_eq!(fin.len(), want.len().min(limit), "{name}: {q}");
            assert!(fin.iter().all(|x| want.contains(x[0].as_str().unwrap())));
            for mode in ["cold", "warm"] {
                let calls = r[mode].as_array().unwrap();
                let mut last = 0;
                for c in calls {
                    let c = c.as_array().unwrap();
                    assert!(c.len() > last, "{name} {mode}: not growing, {q}");
                    assert_eq!(c[..], fin[..c.len()], "{name} {mode}: not a prefix, {q}");
                    last = c.len();
                }
                assert_eq!(last, fin.len(), "{name} {mode}: last call short, {q}");
                if mode == "cold" && calls.len() > 1 {
                    progressive += 1;
                }
            }
            if q["q"].as_str().unwrap().chars().count() >= 3 && !fin.is_empty() {
                checked += 1;
            }
        }
        eprintln!("{name}: {progressive} queries progressive of {}", qs.len());
        assert!(checked >= 6, "{name}: too few phrases with results");
        if name == "verify" {
            assert!(
                progressive >= 6,
                "{name}: results did not come progressively"
            );
        }
    }

    // The search page: a query typed over a stale one; every state of the
    // list is a prefix of the final page, which is the engine's.
    let site = tempfile::tempdir().unwrap();
    write_site(
        site.path(),
        &build_index_with(
            docs,
            Params {
                frequent: 1000,
                extension_budget: 0.0,
                chunk_bytes: 100,
                rows_bytes: 1,
                ..Params::default()
            },
        ),
    );
    let ui_qs: Vec<&Value> = qs
        .iter()
        .filter(|q| q["opts"].as_object().unwrap().is_empty())
        .map(|q| &q["q"])
        .collect();
    let html = format!(
        r#"<!doctype html><html><head><meta charset="utf-8"></head><body>
<form><input id="search-input" type="search"></form>
<select id="search-publication"></select><select id="search-year"></select><select id="search-issuer"></select>
<p id="search-status"></p><ol id="search-results"></ol><button id="search-more" hidden>more</button>
<script src="gazette-search.js"></script><script src="gazette-search-ui.js"></script>
<script>
var INPUT = {input};
var list = document.getElementById('search-results'), snaps = [];
function hrefs() {{ return Array.from(list.querySelectorAll('li.search-result a')).map(function (a) {{ return a.getAttribute('href'); }}); }}
new MutationObserver(function () {{ snaps.push(hrefs()); }}).observe(list, {{childList: true}});
function settle() {{ return new Promise(function (r) {{ (function w() {{
  var s = list.dataset.state;
  if ((s === 'results' || s === 'empty' || s === 'idle') && list.dataset.counts !== 'pending') setTimeout(r, 50);
  else setTimeout(w, 20); }})(); }}); }}
window.OUT_PROMISE = (async function () {{
  await settle();
  var input = document.getElementById('search-input'), out = [];
  for (const q of INPUT.queries) {{
    GazetteSearch._reset();
    snaps = [];
    input.value = INPUT.stale; input.dispatchEvent(new Event('input'));
    input.value = q; input.dispatchEvent(new Event('input'));
    await settle();
    var want = await GazetteSearch.query(q, {{limit: 20}});
    out.push({{q: q, snaps: snaps, shown: hrefs(), state: list.dataset.state,
              excerpts: list.querySelectorAll('.search-result-excerpt').length,
              want: want.map(function (x) {{ return GazetteSearch.root + x.url; }})}});
  }}
  // "More": the same query with a larger page keeps the list and appends.
  GazetteSearch._reset();
  snaps = [];
  input.value = INPUT.many; input.dispatchEvent(new Event('input'));
  await settle();
  snaps = [];
  document.getElementById('search-more').click();
  await settle();
  var all = await GazetteSearch.query(INPUT.many, {{limit: 40}});
  return {{queries: out, more: {{snaps: snaps, shown: hrefs(),
    want: all.map(function (x) {{ return GazetteSearch.root + x.url; }})}}}};
}})();
</script></body></html>"#,
        input = json!({
            "queries": ui_qs,
            "stale": docs[1].title.chars().take(2).collect::<String>(),
            "many": common,
        })
    );
    let page = site.path().join("search").join("progress.html");
    std::fs::write(&page, html).unwrap();
    let out = Cdp::start(&chrome).run(&page);
    assert!(out.get("error").is_none(), "ui: {}", out["error"]);
    let mut grew = 0;
    for r in out["queries"].as_array().unwrap() {
        let want = r["want"].as_array().unwrap();
        assert_eq!(r["shown"], r["want"], "ui: {r}");
        assert_eq!(r["excerpts"].as_u64().unwrap() as usize, want.len());
        assert_eq!(
            r["state"],
            if want.is_empty() { "empty" } else { "results" },
            "ui: {r}"
        );
        let mut last = 0;
        for s in r["snaps"].as_array().unwrap() {
            let s = s.as_array().unwrap();
            assert!(s.len() <= want.len(), "ui: more than the page: {r}");
            assert_eq!(s[..], want[..s.len()], "ui: not a prefix of the page: {r}");
            assert!(s.len() >= last || s.is_empty(), "ui: list shrank: {r}");
            last = s.len();
        }
        if r["snaps"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| !s.as_array().unwrap().is_empty())
            .count()
            > 1
        {
            grew += 1;
        }
    }
    eprintln!("ui: {grew} queries shown progressively");
    let more = &out["more"];
    let want = more["want"].as_array().unwrap();
    assert!(want.len() > 20, "ui: too few results for \"more\": {more}");
    assert_eq!(more["shown"], more["want"], "ui: more");
    for s in more["snaps"].as_array().unwrap() {
        let s = s.as_array().unwrap();
        assert!(s.len() >= 20, "ui: the list shrank on \"more\": {more}");
        assert_eq!(s[..], want[..s.len()], "ui: more");
    }
}

/// The search page UI: `?q=` and filters from the URL, results with
/// escaped titles and highlighted excerpts, filter options with counts, the
/// "no results" state, and keyboard selection (dispatched key events).
#[test]
fn search_page_ui() {
    let Some(chrome) = chrome::find() else { return };
    let corpus = corpus::generate(&corpus::Shape {
        docs: 60,
        chars_per_doc: 200,
        han_pool: 200,
        vocabulary: 400,
        seed: 11,
    });
    let docs = &corpus.docs;
    let site = tempfile::tempdir().unwrap();
    write_site(site.path(), &build_index(docs));
    let dir = site.path().join("search");
    let q: String = docs[3].title.chars().skip(2).take(2).collect();
    let page = |name: &str, query: &str, script: &str| -> PathBuf {
        let html = format!(
            r#"<!doctype html><html><head><meta charset="utf-8"></head><body>
<form><input id="search-input" type="search"></form>
<select id="search-publication"></select><select id="search-year"></select><select id="search-issuer"></select>
<p id="search-status"></p><ol id="search-results"></ol><button id="search-more" hidden>more</button>
<pre id="out"></pre>
<script src="gazette-search.js"></script><script src="gazette-search-ui.js"></script>
<script>
function settle() {{ return new Promise(function (r) {{ (function w() {{
  var l = document.getElementById('search-results'), s = l.dataset.state;
  if ((s === 'results' || s === 'empty' || s === 'idle') && l.dataset.counts !== 'pending') setTimeout(r, 50);
  else setTimeout(w, 20); }})(); }}); }}
window.OUT_PROMISE = (async function () {{ await settle(); {script} }})();
window.OUT_PROMISE.then(function (x) {{ document.getElementById('out').textContent = JSON.stringify(x); }});
</script></body></html>"#
        );
        let p = dir.join(format!("{name}.html"));
        std::fs::write(&p, html).unwrap();
        let _ = query;
        p
    };
    let collect = r#"
      var items = Array.from(document.querySelectorAll('#search-results li.search-result'));
      return {state: document.getElementById('search-results').dataset.state,
              status: document.getElementById('search-status').textContent,
              input: document.getElementById('search-input').value,
              titles: items.map(function (li) { return li.querySelector('a').innerHTML; }),
              hrefs: items.map(function (li) { return li.querySelector('a').getAttribute('href'); }),
              excerpts: items.map(function (li) { return li.querySelector('.search-result-excerpt').innerHTML; }),
              years: Array.from(document.querySelectorAll('#search-year option')).map(function (o) { return [o.value, o.textContent, o.selected]; }),
              active: items.findIndex(function (li) { return li.classList.contains('active'); })};
    "#;
    let mut cdp = Cdp::start(&chrome);
    let run = |cdp: &mut Cdp, name: &str, query: &str, script: &str| -> Value {
        let p = page(name, query, script);
        let url_page = PathBuf::from(format!("{}?{query}", p.display()));
        cdp.run(&url_page)
    };
    // ?q= and a year filter from the URL.
    let year = docs[3].year.unwrap();
    let enc: String = q
        .chars()
        .map(|c| {
            let mut b = [0; 4];
            c.encode_utf8(&mut b)
                .bytes()
                .map(|x| format!("%{x:02X}"))
                .collect::<String>()
        })
        .collect();
    let out = run(&mut cdp, "a", &format!("q={enc}&year={year}"), collect);
    assert_eq!(out["input"], json!(q));
    assert_eq!(out["state"], "results", "{out}");
    let expect = Expect::new(docs);
    let want = expect.urls(&q, &json!({"year": year}));
    let titles = out["titles"].as_array().unwrap();
    assert_eq!(titles.len(), want.len().min(20), "{out}");
    for (t, h) in titles.iter().zip(out["hrefs"].as_array().unwrap()) {
        let h = h.as_str().unwrap();
        assert!(h.contains("../") && h.ends_with("index.html"), "{h}");
        assert!(want.contains(h.split("/../").nth(1).unwrap()), "{h}");
        let t = t.as_str().unwrap();
        assert!(
            !t.replace("<mark>", "").replace("</mark>", "").contains('<'),
            "{t}"
        );
    }
    assert!(format!("{}{}", out["titles"], out["excerpts"]).contains("<mark>"));
    let years = out["years"].as_array().unwrap();
    assert!(
        years
            .iter()
            .any(|y| y[0] == json!(year.to_string()) && y[2] == json!(true)),
        "{years:?}"
    );
    assert!(years
        .iter()
        .skip(1)
        .all(|y| y[1].as_str().unwrap().ends_with(')')));
    // No results.
    let out = run(&mut cdp, "b", "q=zzzzqqq", collect);
    assert_eq!(out["state"], "empty");
    assert!(out["status"].as_str().unwrap().contains("没有"));
    // Keyboard: ArrowDown twice selects the second result.
    let keys = format!(
        r#"var i = document.getElementById('search-input');
        function key(k) {{ i.dispatchEvent(new KeyboardEvent('keydown', {{key: k, bubbles: true}})); }}
        key('ArrowDown'); key('ArrowDown'); key('ArrowDown'); key('ArrowUp');
        {collect}"#
    );
    let out = run(&mut cdp, "c", &format!("q={enc}"), &keys);
    assert_eq!(out["active"], 1, "{out}");
}

/// The index is byte-identical whatever the number of threads.
#[test]
fn index_is_deterministic() {
    let corpus = corpus::generate(&corpus::Shape {
        docs: 300,
        chars_per_doc: 400,
        han_pool: 300,
        vocabulary: 800,
        seed: 5,
    });
    let build = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| build_index(&corpus.docs))
    };
    let one = build(1);
    assert_eq!(one, build(2));
    assert_eq!(one, build(3));
    assert!(one.iter().any(|(p, _)| p == "search/meta.js"));
}

/// Writes the 10,000-document benchmark site to `$GAZETTE_BENCH_SITE` (for
/// experiments by hand).
#[test]
#[ignore]
fn write_benchmark_site() {
    let Ok(dir) = std::env::var("GAZETTE_BENCH_SITE") else {
        return;
    };
    let corpus = corpus::generate(&corpus::Shape::benchmark(10_000));
    write_site(Path::new(&dir), &build_index(&corpus.docs));
}

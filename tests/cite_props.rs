//! Properties of the citation engine on arbitrary input.

use gazette::cite::{
    canonical_doc_number, scan_title, title_key, Citation, DocRef, Known, Scanner,
};
use gazette::model::Date;
use proptest::prelude::*;

/// Characters that matter to the recognisers, mixed with ordinary ones.
const ALPHABET: &[&str] = &[
    "号",
    "《",
    "》",
    "〈",
    "〉",
    "〔",
    "〕",
    "[",
    "]",
    "（",
    "）",
    "(",
    ")",
    "【",
    "】",
    "第",
    "令",
    "年",
    "公告",
    "以下简称",
    "废止",
    "作如下修改",
    "、",
    "和",
    "，",
    "。",
    "：",
    "的",
    "国",
    "发",
    "办",
    "新政",
    "根据",
    "参照",
    "人民政府",
    "0",
    "1",
    "2",
    "9",
    "２",
    "０",
    "2020",
    "19",
    " ",
    "\u{3000}",
    "\u{200B}",
    "\u{FEFF}",
    "\n",
    "a",
    "é",
    "😀",
    "-",
    "“",
    "”",
];

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(ALPHABET), 0..80).prop_map(|v| v.concat())
}

/// A number in some PDF-conversion spelling, and its canonical form.
fn spelled_number() -> impl Strategy<Value = (String, String)> {
    let code = prop::collection::vec(
        prop::sample::select(&["国", "办", "发", "新", "政", "函", "银", "保", "监"][..]),
        1..7,
    );
    let open = prop::sample::select(&["〔", "[", "［", "【", "(", "（", "〖"][..]);
    let close = prop::sample::select(&["〕", "]", "］", "】", ")", "）", "〗"][..]);
    let sp = prop::sample::select(&["", " ", "\u{3000}", "\u{200B}", "  "][..]);
    (
        code,
        open,
        close,
        1900u16..2100,
        1u32..100_000,
        any::<bool>(),
        any::<bool>(),
        sp.clone(),
        sp.clone(),
        sp,
    )
        .prop_map(|(code, o, c, year, serial, wide, di, s1, s2, s3)| {
            let code: String = code.concat();
            let digits = |n: String| -> String {
                if wide {
                    n.chars()
                        .map(|d| char::from_u32(d as u32 - '0' as u32 + '０' as u32).unwrap())
                        .collect()
                } else {
                    n
                }
            };
            let text = format!(
                "{code}{s1}{o}{s2}{}{s3}{c}{}{s1}{}{s2}号",
                digits(year.to_string()),
                if di { "第" } else { "" },
                digits(serial.to_string())
            );
            (text, format!("{code}〔{year}〕{serial}号"))
        })
}

fn check(text: &str, cs: &[Citation]) -> Result<(), TestCaseError> {
    let mut last = 0;
    for c in cs {
        prop_assert!(c.start >= last, "overlap or disorder: {:?}", cs);
        prop_assert!(c.start < c.end && c.end <= text.len());
        prop_assert!(text.is_char_boundary(c.start) && text.is_char_boundary(c.end));
        prop_assert_eq!(&text[c.start..c.end], c.text.as_str());
        last = c.end;
    }
    Ok(())
}

fn site() -> Vec<DocRef<'static>> {
    let d = Date::parse("2020-01-01");
    vec![
        DocRef {
            idx: 0,
            title: "关于印发某办法的通知",
            doc_number: Some("国办发〔2020〕1号"),
            date: d,
            publication: "a",
        },
        DocRef {
            idx: 1,
            title: "某办法",
            doc_number: Some("国务院令第1号"),
            date: None,
            publication: "a",
        },
        DocRef {
            idx: 2,
            title: "某办法",
            doc_number: Some("国发〔2019〕2号"),
            date: d,
            publication: "b",
        },
        DocRef {
            idx: 3,
            title: "的",
            doc_number: Some("发〔2020〕1号"),
            date: d,
            publication: "b",
        },
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn normalisation_never_panics_and_is_idempotent(s in any::<String>()) {
        if let Some(c) = canonical_doc_number(&s) {
            prop_assert_eq!(canonical_doc_number(&c), Some(c.clone()));
        }
        let _ = title_key(&s);
    }

    #[test]
    fn normalisation_idempotent_on_soup(s in soup()) {
        if let Some(c) = canonical_doc_number(&s) {
            prop_assert_eq!(canonical_doc_number(&c), Some(c.clone()));
        }
        prop_assert_eq!(title_key(&title_key(&s)), title_key(&s));
    }

    #[test]
    fn every_spelling_normalises((text, canonical) in spelled_number()) {
        prop_assert_eq!(canonical_doc_number(&text), Some(canonical.clone()));
        prop_assert_eq!(canonical_doc_number(&canonical), Some(canonical.clone()));
        // And the scanner finds it in running text.
        let known = Known::new(&[]);
        let mut s = Scanner::new(&known, 0, "");
        let body = format!("按照{text}文件");
        let cs = s.scan(&body);
        check(&body, &cs)?;
        prop_assert_eq!(cs.len(), 1);
        prop_assert_eq!(&cs[0].canonical, &canonical);
    }

    #[test]
    fn scanner_ranges_are_sound(chunks in prop::collection::vec(soup(), 1..4), title in soup()) {
        let docs = site();
        let known = Known::new(&docs);
        let mut s = Scanner::new(&known, 0, &title);
        for chunk in &chunks {
            let cs = s.scan(chunk);
            check(chunk, &cs)?;
        }
        let cs = scan_title(&known, 1, &title);
        check(&title, &cs)?;
    }

    #[test]
    fn scanner_never_panics_on_any_unicode(text in any::<String>()) {
        let docs = site();
        let known = Known::new(&docs);
        let mut s = Scanner::new(&known, 2, "关于废止的通知");
        let cs = s.scan(&text);
        check(&text, &cs)?;
    }
}

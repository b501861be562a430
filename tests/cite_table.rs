//! The citation engine against a table of real-world spellings, and
//! resolution against a small site.

use gazette::cite::{canonical_doc_number, scan_title, Citation, DocRef, Known, Scanner};
use gazette::link::{self, Status};
use gazette::model::{Date, Relation, RelationType};

/// Canonical forms of the number citations found in `text` by a scanner
/// that knows no document (so codes are trimmed by words alone).
fn numbers(text: &str) -> Vec<String> {
    let known = Known::new(&[]);
    let mut s = Scanner::new(&known, 0, "");
    let cs = s.scan(text);
    check_ranges(text, &cs);
    cs.into_iter()
        .filter(|c| !c.canonical.starts_with('《'))
        .map(|c| c.canonical)
        .collect()
}

fn check_ranges(text: &str, cs: &[Citation]) {
    let mut last = 0;
    for c in cs {
        assert!(
            c.start >= last && c.start < c.end && c.end <= text.len(),
            "{c:?}"
        );
        assert!(text.is_char_boundary(c.start) && text.is_char_boundary(c.end));
        assert_eq!(&text[c.start..c.end], c.text);
        last = c.end;
    }
}

/// (text, expected canonical numbers; empty = no citation).
const TABLE: &[(&str, &[&str])] = &[
    // Standard form and every bracket.
    ("国办发〔2020〕6号", &["国办发〔2020〕6号"]),
    ("国办发[2020]6号", &["国办发〔2020〕6号"]),
    ("国办发［2020］6号", &["国办发〔2020〕6号"]),
    ("国办发【2020】6号", &["国办发〔2020〕6号"]),
    ("国办发(2020)6号", &["国办发〔2020〕6号"]),
    ("国办发（2020）6号", &["国办发〔2020〕6号"]),
    ("国办发〖2020〗6号", &["国办发〔2020〕6号"]),
    ("国办发﹝2020﹞6号", &["国办发〔2020〕6号"]),
    ("国办发〔2020]6号", &["国办发〔2020〕6号"]),
    ("国办发【2020〕6号", &["国办发〔2020〕6号"]),
    ("国办发(2020〕6号", &["国办发〔2020〕6号"]),
    // Spaces, full-width digits, zero-width characters, 第, leading zeros.
    ("豫政办 〔 2021 〕68 号", &["豫政办〔2021〕68号"]),
    ("国办发〔2020〕6 号", &["国办发〔2020〕6号"]),
    ("国办发 [2020] 39号", &["国办发〔2020〕39号"]),
    ("银保监办发[ 2020 ]39 号", &["银保监办发〔2020〕39号"]),
    ("国办发〔２０２０〕６号", &["国办发〔2020〕6号"]),
    ("国发〔２０１９〕１２号", &["国发〔2019〕12号"]),
    ("国办发〔2020〕\u{200B}6号", &["国办发〔2020〕6号"]),
    ("国\u{200B}办发〔2020〕6号", &["国办发〔2020〕6号"]),
    ("\u{FEFF}国发〔2019〕5号", &["国发〔2019〕5号"]),
    ("国发〔20 19〕5号", &["国发〔2019〕5号"]),
    ("国发\u{3000}〔2019〕5号", &["国发〔2019〕5号"]),
    ("国发〔2019〕第5号", &["国发〔2019〕5号"]),
    ("国办发（2020）第 6 号", &["国办发〔2020〕6号"]),
    ("国发〔2019〕005号", &["国发〔2019〕5号"]),
    ("国发〔1998〕1号", &["国发〔1998〕1号"]),
    // Real codes.
    ("交规划函〔2020〕409号", &["交规划函〔2020〕409号"]),
    ("保监财险〔2017〕180号", &["保监财险〔2017〕180号"]),
    ("国办发明电〔2020〕1号", &["国办发明电〔2020〕1号"]),
    ("新政办发〔2013〕124号", &["新政办发〔2013〕124号"]),
    ("国办公开办函〔2019〕61号", &["国办公开办函〔2019〕61号"]),
    ("京政发〔2020〕1号文", &["京政发〔2020〕1号"]),
    ("国发〔2019〕5号文件", &["国发〔2019〕5号"]),
    ("（国发〔2019〕5号）", &["国发〔2019〕5号"]),
    ("发文字号：国发〔2020〕6号", &["国发〔2020〕6号"]),
    // Orders.
    ("国务院令第722号", &["国务院令第722号"]),
    ("国务院令 第 722 号", &["国务院令第722号"]),
    ("国务院令722号", &["国务院令第722号"]),
    ("省政府令 第219号", &["省政府令第219号"]),
    ("国务院第722号令", &["国务院令第722号"]),
    (
        "《优化营商环境条例》（国务院令第722号）",
        &["国务院令第722号"],
    ),
    (
        "国家发展和改革委员会令第31号",
        &["国家发展和改革委员会令第31号"],
    ),
    (
        "人力资源和社会保障部令第43号",
        &["人力资源和社会保障部令第43号"],
    ),
    ("根据国务院令第722号", &["国务院令第722号"]),
    ("国务院令第1号、第2号", &["国务院令第1号", "国务院令第2号"]),
    // Announcements.
    (
        "国家税务总局公告2015年第41号",
        &["国家税务总局公告2015年第41号"],
    ),
    (
        "国家税务总局公告 2015 年第 41 号",
        &["国家税务总局公告2015年第41号"],
    ),
    (
        "国家税务总局公告2015年41号",
        &["国家税务总局公告2015年第41号"],
    ),
    (
        "按照国家税务总局公告２０１５年第４１号",
        &["国家税务总局公告2015年第41号"],
    ),
    // Lists sharing a prefix.
    (
        "国发〔2019〕5号、6号",
        &["国发〔2019〕5号", "国发〔2019〕6号"],
    ),
    (
        "国发〔2019〕5号、第6号",
        &["国发〔2019〕5号", "国发〔2019〕6号"],
    ),
    (
        "国发〔2019〕5号和6号",
        &["国发〔2019〕5号", "国发〔2019〕6号"],
    ),
    (
        "国发〔2019〕5号、6号、7号",
        &["国发〔2019〕5号", "国发〔2019〕6号", "国发〔2019〕7号"],
    ),
    (
        "国发〔2019〕5号、〔2020〕7号",
        &["国发〔2019〕5号", "国发〔2020〕7号"],
    ),
    (
        "国发〔2019〕5号和国办发〔2019〕6号",
        &["国发〔2019〕5号", "国办发〔2019〕6号"],
    ),
    (
        "国发〔2019〕5号国发〔2019〕6号",
        &["国发〔2019〕5号", "国发〔2019〕6号"],
    ),
    // Trimming the words before the code.
    ("参照国办公开办函〔2020〕2号", &["国办公开办函〔2020〕2号"]),
    ("根据国发〔2019〕5号", &["国发〔2019〕5号"]),
    ("按照国发〔2019〕5号文件精神", &["国发〔2019〕5号"]),
    ("依据国发〔2019〕5号", &["国发〔2019〕5号"]),
    ("转发国办发〔2020〕1号", &["国办发〔2020〕1号"]),
    ("认真执行国发〔2019〕5号", &["国发〔2019〕5号"]),
    ("贯彻落实国发〔2019〕5号", &["国发〔2019〕5号"]),
    ("自治区人民政府新政发〔2020〕37号", &["新政发〔2020〕37号"]),
    ("国务院办公厅国办发〔2020〕6号", &["国办发〔2020〕6号"]),
    (
        "监管办法的通知银保监办发[2020]39号",
        &["银保监办发〔2020〕39号"],
    ),
    ("实施意见-国办发〔2020〕6 号", &["国办发〔2020〕6号"]),
    ("若干政策的意见国发〔2019〕5号", &["国发〔2019〕5号"]),
    ("2020年国发〔2020〕1号", &["国发〔2020〕1号"]),
    ("省政府和国发〔2020〕1号", &["国发〔2020〕1号"]),
    // Not citations.
    ("（2002）行终字第6号", &[]),
    ("判决书（2002）行终字第6号", &[]),
    ("(2019)最高法民终123号", &[]),
    ("案号（2020）京01民终123号", &[]),
    ("新疆维吾尔自治区人民政府公报2020年第17-18号", &[]),
    ("2020年第17号", &[]),
    ("2015年第41号公告", &[]),
    ("第17-18号", &[]),
    ("总第36期", &[]),
    ("（总891-892期）", &[]),
    ("GB/T 9704-2012", &[]),
    ("中山路第6号", &[]),
    ("北京市海淀区88号院", &[]),
    ("第6号台风", &[]),
    ("〔2020〕6号", &[]),
    ("根据〔2020〕6号", &[]),
    ("国发〔2020〕号", &[]),
    ("国发〔20〕6号", &[]),
    ("国发〔2020〕0号", &[]),
    ("国发〔1800〕6号", &[]),
    ("国发〔2020〕1234567号", &[]),
    ("国发〔2020〕6", &[]),
    ("号召", &[]),
    ("信号灯", &[]),
    ("编号为123号", &[]),
    ("（令第5号）", &[]),
    ("（第5号令）", &[]),
    ("（公告2015年第41号）", &[]),
    ("5号、6号", &[]),
    ("2020年8月26日", &[]),
    ("", &[]),
];

#[test]
fn table_of_spellings() {
    assert!(TABLE.len() >= 80, "{}", TABLE.len());
    let mut failures = Vec::new();
    for (text, want) in TABLE {
        let got = numbers(text);
        if got != *want {
            failures.push(format!("{text:?}: got {got:?}, want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn canonical_forms_are_fixed_points() {
    for (_, want) in TABLE {
        for w in *want {
            assert_eq!(canonical_doc_number(w).as_deref(), Some(*w));
        }
    }
    assert_eq!(
        canonical_doc_number(" 豫政办 〔 2021 〕68 号 ").as_deref(),
        Some("豫政办〔2021〕68号")
    );
    assert_eq!(
        canonical_doc_number("参照国发〔2019〕5号").as_deref(),
        Some("参照国发〔2019〕5号")
    );
    assert_eq!(canonical_doc_number("国发〔2019〕5号、6号"), None);
    assert_eq!(canonical_doc_number("（2002）行终字第6号"), None);
}

/// The repeal list of seed 002 (新政发〔2020〕37号), as printed.
const SEED_002: &str = "为准确贯彻落实《优化营商环境条例》（国务院令第722号），自治区对涉及营商环境的行政规范性文件和其他政策性文件进行了清理。经自治区人民政府第94次常务会议审议，决定对13件文件予以废止。本通知自
印发之日起执行，予以废止的文件，不再作为行政管理依据。
附件：关于涉及营商环境的行政规范性文件和其他政策性文件的废止目录（共13件）
1. 自治区人民政府《关于开展矿山企业矿产开发监督管理年度检查的通知》（新政发〔1994〕30号）
2. 关于同意《新疆维吾尔自治区矿产资源补偿费使用管理实施细则》的函（新政函〔1998〕41号）
3. 关于取消有关外出或外来务工人员收费项目的通知（新政办发〔2002〕17号）
4. 关于防治“非典”期间对部分行业减
免行政事业性收费的通知（新政发〔2003〕41号）
5. 关于印发《新疆维吾尔自治区农业机械报废办法》的通知（新政办发〔2004〕33号）
6. 印发《关于进一步加强非煤炭矿产资源探矿权出让管理的暂行规定》的通知（新政发〔2010〕91号）
7. 关于印发自治区矿产资源勘查开发整
合总体方案的通知（新政办发〔2010〕56号）
8.关于做好自治区重点矿区矿产资源勘查开发整合实施有关工作的通知（新政办发〔2010〕93号）
9.关于印发《新疆维吾尔自治区煤炭资源有偿配置与勘查开发转化管理规定（暂行）》的通知（新政发〔2011〕85号）
10.关于加快推进自治区社会信用体系建
设的实施意见（新政办发〔2011〕8号）
11.关于加快装备制造业发展的意见（新政办发〔2013〕124号）
12.关于印发自治区大力发展软件和信息服务业 促进大数据与云计算应用若干政策的通知（新政发〔2017〕141号）
13.关于印发新疆维吾尔自治区碳排放权交易机构审批工作程序的通知（新政办发〔2017〕19号）";

const SEED_002_REPEALED: &[&str] = &[
    "新政发〔1994〕30号",
    "新政函〔1998〕41号",
    "新政办发〔2002〕17号",
    "新政发〔2003〕41号",
    "新政办发〔2004〕33号",
    "新政发〔2010〕91号",
    "新政办发〔2010〕56号",
    "新政办发〔2010〕93号",
    "新政发〔2011〕85号",
    "新政办发〔2011〕8号",
    "新政办发〔2013〕124号",
    "新政发〔2017〕141号",
    "新政办发〔2017〕19号",
];

const REPEAL_TITLE: &str = "关于废止一批涉及营商环境的行政规范性文件和其他政策性文件的通知";

#[test]
fn seed_002_repeals_all_thirteen() {
    let known = Known::new(&[]);
    let mut s = Scanner::new(&known, 0, REPEAL_TITLE);
    let mut all = Vec::new();
    for line in SEED_002.lines() {
        let cs = s.scan(line);
        check_ranges(line, &cs);
        all.extend(cs);
        s.end_block();
    }
    let repealed: Vec<&str> = all
        .iter()
        .filter(|c| c.kind == RelationType::Repeals && !c.canonical.starts_with('《'))
        .map(|c| c.canonical.as_str())
        .collect();
    assert_eq!(repealed, SEED_002_REPEALED);
    let order = all
        .iter()
        .find(|c| c.canonical == "国务院令第722号")
        .unwrap();
    assert_eq!(
        order.kind,
        RelationType::Cites,
        "the basis of the decision is not repealed"
    );
    // 《优化营商环境条例》（国务院令第722号）: an unknown title with its
    // number beside it is one reference, carried by the number.
    assert!(
        !all.iter().any(|c| c.canonical == "《优化营商环境条例》"),
        "title and adjacent number reported twice"
    );
}

#[test]
fn seed_003_numbers() {
    let text = "4、国务院办公厅关于应对新冠肺炎疫情影响 强化稳就业举措的实施意见-国办发〔2020〕6 号.....	52";
    assert_eq!(numbers(text), ["国办发〔2020〕6号"]);
    let text = "2、中国银保监会办公厅关于印发信用保险和保证保险业务监管办法的通知银保监办发[2020]39 号.....	24";
    assert_eq!(numbers(text), ["银保监办发〔2020〕39号"]);
}

// ---------------------------------------------------------------------------
// Resolution against a small site.

fn date(s: &str) -> Option<Date> {
    Date::parse(s)
}

struct Site {
    titles: Vec<&'static str>,
    numbers: Vec<Option<&'static str>>,
    dates: Vec<Option<Date>>,
    pubs: Vec<&'static str>,
}

impl Site {
    fn new(docs: &[(&'static str, Option<&'static str>, &str, &'static str)]) -> Site {
        Site {
            titles: docs.iter().map(|d| d.0).collect(),
            numbers: docs.iter().map(|d| d.1).collect(),
            dates: docs.iter().map(|d| date(d.2)).collect(),
            pubs: docs.iter().map(|d| d.3).collect(),
        }
    }
    fn refs(&self) -> Vec<DocRef<'_>> {
        (0..self.titles.len())
            .map(|i| DocRef {
                idx: i,
                title: self.titles[i],
                doc_number: self.numbers[i],
                date: self.dates[i],
                publication: self.pubs[i],
            })
            .collect()
    }
}

fn small_site() -> Site {
    Site::new(&[
        // 0
        (
            "关于做好政务公开工作的通知",
            Some("国办公开办函〔2020〕2号"),
            "2020-03-01",
            "gb",
        ),
        // 1: a shorter code with the same tail
        (
            "关于公开工作的函",
            Some("公开办函〔2020〕2号"),
            "2020-03-02",
            "gb",
        ),
        // 2: a code containing a stop word
        ("虚构的通知", Some("粤和发〔2020〕1号"), "2020-01-01", "gb"),
        // 3
        (
            "优化营商环境条例",
            Some("国务院令第722号"),
            "2019-10-22",
            "gb",
        ),
        // 4, 5: same title, different years
        (
            "关于加强统计工作的意见",
            Some("国发〔2019〕5号"),
            "2019-01-01",
            "gb",
        ),
        (
            "关于加强统计工作的意见",
            Some("国发〔2021〕1号"),
            "2021-01-01",
            "gb",
        ),
        // 6
        ("信用保险和保证保险业务监管办法", None, "2020-05-01", "gb"),
        // 7: the citing document
        (
            "关于印发某某办法的通知",
            Some("新政发〔2020〕37号"),
            "2020-08-26",
            "xj",
        ),
        // 8: punctuation variants in its title
        (
            "关于推广“双十百千”工程（试行）的意见",
            None,
            "2020-01-01",
            "gb",
        ),
        // 9
        (
            "国发〔2019〕6号的文件",
            Some("国发〔2019〕6号"),
            "2019-02-01",
            "gb",
        ),
    ])
}

fn scan_all(known: &Known, me: usize, title: &str, chunks: &[&str]) -> Vec<Citation> {
    let mut s = Scanner::new(known, me, title);
    let mut out = Vec::new();
    for c in chunks {
        let cs = s.scan(c);
        check_ranges(c, &cs);
        out.extend(cs);
    }
    out
}

#[test]
fn longest_known_suffix_wins() {
    let site = small_site();
    let known = Known::new(&site.refs());
    let cs = scan_all(
        &known,
        7,
        "",
        &["文书格式，参照国办公开办函〔2020〕2号执行"],
    );
    assert_eq!(cs.len(), 1);
    assert_eq!(cs[0].text, "国办公开办函〔2020〕2号");
    assert_eq!(cs[0].target, Some(0));
    let cs = scan_all(&known, 7, "", &["关于公开办函〔2020〕2号"]);
    assert_eq!(cs[0].target, Some(1));
    // A known code beats the word list (和 would cut it).
    let cs = scan_all(&known, 7, "", &["根据粤和发〔2020〕1号"]);
    assert_eq!(cs[0].text, "粤和发〔2020〕1号");
    assert_eq!(cs[0].target, Some(2));
    // An order with a longer organ name resolves by suffix.
    let cs = scan_all(&known, 7, "", &["中华人民共和国国务院令第722号"]);
    assert_eq!(cs[0].text, "国务院令第722号");
    assert_eq!(cs[0].target, Some(3));
    // Any spelling.
    let cs = scan_all(&known, 7, "", &["国发[2019] 第 005 号"]);
    assert_eq!(cs[0].target, Some(4));
}

#[test]
fn lists_share_the_prefix() {
    let site = small_site();
    let known = Known::new(&site.refs());
    let cs = scan_all(&known, 7, "", &["国发〔2019〕5号、6号和国发〔2021〕1号"]);
    let t: Vec<_> = cs.iter().map(|c| (c.text.as_str(), c.target)).collect();
    assert_eq!(
        t,
        [
            ("国发〔2019〕5号", Some(4)),
            ("6号", Some(9)),
            ("国发〔2021〕1号", Some(5))
        ]
    );
}

#[test]
fn own_number_is_returned_with_self_target() {
    let site = small_site();
    let known = Known::new(&site.refs());
    let cs = scan_all(&known, 7, "", &["新政发〔2020〕37号"]);
    assert_eq!(cs[0].target, Some(7));
}

#[test]
fn titles_resolve_after_normalising() {
    let site = small_site();
    let known = Known::new(&site.refs());
    let cs = scan_all(
        &known,
        7,
        "",
        &["按照《优化营商环境条例》和《关于推广\"双十百千\"工程 (试行) 的意见》要求"],
    );
    assert_eq!(cs.len(), 2);
    assert_eq!(
        (cs[0].text.as_str(), cs[0].target),
        ("《优化营商环境条例》", Some(3))
    );
    assert_eq!(cs[1].target, Some(8));
    // The issuer before 关于 is not part of the site's title.
    let cs = scan_all(&known, 7, "", &["《国务院关于加强统计工作的意见》"]);
    assert!(cs[0].target.is_some());
    // A title published as the attachment of a notice resolves to the notice.
    let cs = scan_all(&known, 0, "", &["《某某办法》"]);
    assert_eq!(cs[0].target, Some(7));
    // Unknown titles are kept, unresolved.
    let cs = scan_all(&known, 7, "", &["《中华人民共和国保险法》"]);
    assert_eq!(
        (cs[0].target, cs[0].canonical.as_str()),
        (None, "《中华人民共和国保险法》")
    );
}

#[test]
fn nested_titles() {
    let site = small_site();
    let known = Known::new(&site.refs());
    // Outer unknown, inner known: the inner title is the citation.
    let text = "现将《关于印发〈信用保险和保证保险业务监管办法〉的通知》转发给你们";
    let cs = scan_all(&known, 7, "", &[text]);
    assert_eq!(cs.len(), 1);
    assert_eq!(cs[0].text, "〈信用保险和保证保险业务监管办法〉");
    assert_eq!(cs[0].target, Some(6));
    // Same with 《》 nested in 《》.
    let text = "《关于印发《信用保险和保证保险业务监管办法》的通知》";
    assert_eq!(scan_all(&known, 7, "", &[text])[0].target, Some(6));
    // Outer known: the outer title.
    let text = "《关于印发某某办法的通知》";
    let cs = scan_all(&known, 0, "", &[text]);
    assert_eq!((cs[0].text.as_str(), cs[0].target), (text, Some(7)));
    // 关于印发X的通知 without inner brackets resolves X.
    let text = "《关于印发信用保险和保证保险业务监管办法的通知》";
    assert_eq!(scan_all(&known, 7, "", &[text])[0].target, Some(6));
}

#[test]
fn aliases_carry_across_chunks() {
    let site = small_site();
    let known = Known::new(&site.refs());
    let cs = scan_all(
        &known,
        7,
        "",
        &[
            "现将《信用保险和保证保险业务监管办法》（以下简称《办法》）印发给你们。",
            "《办法》自印发之日起施行。",
        ],
    );
    let t: Vec<_> = cs.iter().map(|c| (c.text.as_str(), c.target)).collect();
    assert_eq!(
        t,
        [
            ("《信用保险和保证保险业务监管办法》", Some(6)),
            ("《办法》", Some(6)),
            ("《办法》", Some(6))
        ]
    );
    // An alias after an intervening parenthesis.
    let cs = scan_all(
        &known,
        7,
        "",
        &[
            "《优化营商环境条例》（征求意见稿）（以下简称《条例》）",
            "依照《条例》",
        ],
    );
    assert_eq!(cs.last().unwrap().target, Some(3));
    // Aliases of unknown titles are not reported again.
    let cs = scan_all(
        &known,
        7,
        "",
        &["《某某管理法》（以下简称《管理法》）", "《管理法》第三条"],
    );
    assert_eq!(cs.len(), 1);
    assert_eq!(cs[0].target, None);
    // An alias after the number in the same parenthesis.
    let cs = scan_all(
        &known,
        7,
        "",
        &[
            "《某条例》（国发〔2019〕5号，以下简称《条例》）",
            "按《条例》执行",
        ],
    );
    let t: Vec<_> = cs.iter().map(|c| (c.text.as_str(), c.target)).collect();
    assert_eq!(
        t,
        [
            ("《某条例》", Some(4)),
            ("国发〔2019〕5号", Some(4)),
            ("《条例》", Some(4)),
            ("《条例》", Some(4))
        ]
    );
    // Aliases do not leak into another document.
    let cs = scan_all(&known, 7, "", &["《办法》"]);
    assert_eq!(cs[0].target, None);
}

#[test]
fn ambiguous_titles() {
    let site = small_site();
    let known = Known::new(&site.refs());
    // Document 7 is dated 2020-08-26: the latest earlier one is 4 (2019).
    let cs = scan_all(&known, 7, "", &["《关于加强统计工作的意见》"]);
    assert_eq!((cs[0].target, cs[0].ambiguous), (Some(4), true));
    // The number next to it decides, and the link is not ambiguous.
    let cs = scan_all(
        &known,
        7,
        "",
        &["《关于加强统计工作的意见》（国发〔2021〕1号）"],
    );
    assert_eq!((cs[0].target, cs[0].ambiguous), (Some(5), false));
    assert_eq!((cs[1].target, cs[1].ambiguous), (Some(5), false));
    // Seen from a document after both, the later one.
    let cs = scan_all(&known, 9999, "", &["《关于加强统计工作的意见》"]);
    assert!(cs[0].ambiguous);
}

#[test]
fn title_and_number_together() {
    let site = small_site();
    let known = Known::new(&site.refs());
    // An unknown title followed by a known number links to that document.
    let cs = scan_all(
        &known,
        7,
        "",
        &["《关于开展统计工作的意见》（国发〔2019〕5号）"],
    );
    assert_eq!(cs.len(), 2);
    assert_eq!((cs[0].target, cs[1].target), (Some(4), Some(4)));
    // An unknown title holding a known number: the number is the citation.
    let cs = scan_all(&known, 7, "", &["《关于废止国发〔2019〕5号文件的通知》"]);
    assert_eq!(cs.len(), 1);
    assert_eq!(
        (cs[0].text.as_str(), cs[0].target),
        ("国发〔2019〕5号", Some(4))
    );
}

#[test]
fn amend_and_repeal_kinds() {
    let site = small_site();
    let known = Known::new(&site.refs());
    let cs = scan_all(
        &known,
        7,
        "",
        &[
            "决定对《优化营商环境条例》作如下修改：",
            "将《优化营商环境条例》第三条删除",
        ],
    );
    assert_eq!(cs[0].kind, RelationType::Amends);
    assert_eq!(cs[1].kind, RelationType::Cites);
    let cs = scan_title(&known, 7, "国务院关于修改《优化营商环境条例》的决定");
    assert_eq!((cs[0].target, cs[0].kind), (Some(3), RelationType::Amends));
    let cs = scan_title(&known, 7, "关于废止《优化营商环境条例》等文件的决定");
    assert_eq!((cs[0].target, cs[0].kind), (Some(3), RelationType::Repeals));
    let cs = scan_title(&known, 7, "关于废止国发〔2019〕5号、6号文件的通知");
    assert!(cs.iter().all(|c| c.kind == RelationType::Repeals) && cs.len() == 2);
    let cs = scan_title(&known, 7, "关于转发《优化营商环境条例》的通知");
    assert_eq!(cs[0].kind, RelationType::Forwards);
    let cs = scan_title(&known, 7, "关于贯彻落实《优化营商环境条例》的实施意见");
    assert_eq!(cs[0].kind, RelationType::Implements);
    let cs = scan_title(&known, 7, "关于印发《优化营商环境条例》的通知");
    assert_eq!(cs[0].kind, RelationType::Cites);
    // Outside a 废止 document nothing is repealed.
    let cs = scan_all(&known, 7, "关于某事的通知", &["现决定废止国发〔2019〕5号"]);
    assert_eq!(cs[0].kind, RelationType::Cites);
    // In one, only after 废止 has been said.
    let cs = scan_all(
        &known,
        7,
        "关于废止部分文件的通知",
        &["国发〔2021〕1号要求清理。", "现决定废止国发〔2019〕5号。"],
    );
    assert_eq!(cs[0].kind, RelationType::Cites);
    assert_eq!(cs[1].kind, RelationType::Repeals);
    // Lists of documents kept in force and of documents repealed.
    let cs = scan_all(
        &known,
        7,
        "关于公布继续有效和废止的规范性文件目录的通知",
        &[
            "现将继续有效和废止的规范性文件目录予以公布。",
            "一、继续有效的规范性文件目录",
            "国发〔2021〕1号",
            "二、废止的规范性文件目录",
            "国发〔2019〕5号",
        ],
    );
    let kinds: Vec<_> = cs.iter().map(|c| c.kind).collect();
    assert_eq!(kinds, [RelationType::Cites, RelationType::Repeals]);
    // A batch decision that repeals some and amends others.
    let cs = scan_all(
        &known,
        7,
        "国务院关于修改和废止部分行政法规的决定",
        &[
            "根据《优化营商环境条例》（国务院令第722号），国务院决定：",
            "一、废止国发〔2019〕5号。",
            "二、对下列文件的部分条款予以修改：",
            "（一）将国发〔2021〕1号第三条修改为……",
            "（二）将《关于推广\"双十百千\"工程（试行）的意见》第五条删去。",
        ],
    );
    let kinds: Vec<_> = cs.iter().map(|c| (c.target, c.kind)).collect();
    assert_eq!(
        kinds,
        [
            (Some(3), RelationType::Cites),
            (Some(3), RelationType::Cites),
            (Some(4), RelationType::Repeals),
            (Some(5), RelationType::Amends),
            (Some(8), RelationType::Amends),
        ]
    );
}

// ---------------------------------------------------------------------------
// The citation graph.

fn graph(
    site: &Site,
    bodies: &[&[&str]],
    relations: &[Vec<Relation>],
) -> (Vec<link::DocLinks>, Vec<Vec<Citation>>) {
    let refs = site.refs();
    let known = Known::new(&refs);
    let cits: Vec<Vec<Citation>> = refs
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let mut v = scan_title(&known, i, d.title);
            v.extend(scan_all(
                &known,
                i,
                d.title,
                bodies.get(i).copied().unwrap_or(&[]),
            ));
            v
        })
        .collect();
    let rels: Vec<&[Relation]> = (0..refs.len())
        .map(|i| relations.get(i).map_or(&[][..], |v| v.as_slice()))
        .collect();
    (link::build(&known, &refs, &rels, &cits), cits)
}

fn rel(kind: RelationType, target: &str) -> Relation {
    Relation {
        kind,
        target: target.to_string(),
    }
}

#[test]
fn graph_repeal_amend_and_cited_by() {
    let site = Site::new(&[
        (
            "关于开展矿山年度检查的通知",
            Some("新政发〔1994〕30号"),
            "1994-05-01",
            "xj",
        ), // 0
        (
            "优化营商环境条例",
            Some("国务院令第722号"),
            "2019-10-22",
            "gb",
        ), // 1
        (REPEAL_TITLE, Some("新政发〔2020〕37号"), "2020-08-26", "xj"), // 2
        (
            "关于修改《优化营商环境条例》的决定",
            Some("国务院令第800号"),
            "2021-01-01",
            "gb",
        ), // 3
        (
            "关于调整若干规定的决定",
            Some("国务院令第801号"),
            "2021-02-01",
            "gb",
        ), // 4
        ("关于学习的通知", None, "2021-03-01", "xj"),                   // 5
    ]);
    let bodies: Vec<&[&str]> =
        vec![
        &[],
        &[],
        &[
            "为准确贯彻落实《优化营商环境条例》（国务院令第722号），决定对1件文件予以废止。",
            "1. 自治区人民政府《关于开展矿山年度检查的通知》（新政发〔1994〕30号）",
        ],
        &["国务院决定对《优化营商环境条例》作如下修改："],
        &["对《优化营商环境条例》作如下修改：", "一、删去第三条。", "新政发〔1994〕30号"],
        &["学习《优化营商环境条例》和新政发〔2020〕37号，以及国发〔2099〕1号、国发〔2099〕1号。"],
    ];
    let (links, _) = graph(&site, &bodies, &[]);
    assert_eq!(links[0].status, Status::Repealed { by: 2 });
    assert_eq!(links[1].status, Status::Amended { by: vec![3, 4] });
    assert_eq!(links[1].status.as_str(), "amended");
    assert_eq!(links[2].status, Status::InForce);
    // cited_by: sorted by (DocIdx, kind).
    assert_eq!(
        links[1].cited_by,
        [
            (2, RelationType::Cites),
            (3, RelationType::Amends),
            (4, RelationType::Amends),
            (5, RelationType::Cites)
        ]
    );
    assert_eq!(
        links[0].cited_by,
        [(2, RelationType::Repeals), (4, RelationType::Cites)]
    );
    // Doc 2: cites 722 (Cites), repeals 0; title + number of 0 merged.
    let c2: Vec<_> = links[2].cites.iter().map(|c| (c.target, c.kind)).collect();
    assert_eq!(
        c2,
        [
            (Some(1), RelationType::Cites),
            (Some(0), RelationType::Repeals)
        ]
    );
    // Doc 3 amends by its title; the body's plain mention is merged.
    let c3: Vec<_> = links[3].cites.iter().map(|c| (c.target, c.kind)).collect();
    assert_eq!(c3, [(Some(1), RelationType::Amends)]);
    // Unresolved kept once, by canonical text.
    let un: Vec<_> = links[5]
        .cites
        .iter()
        .filter(|c| c.target.is_none())
        .map(|c| c.canonical.as_str())
        .collect();
    assert_eq!(un, ["国发〔2099〕1号"]);
}

#[test]
fn graph_front_matter_relations() {
    let site = Site::new(&[
        (
            "关于开展矿山年度检查的通知",
            Some("新政发〔1994〕30号"),
            "1994-05-01",
            "xj",
        ), // 0
        (
            "优化营商环境条例",
            Some("国务院令第722号"),
            "2019-10-22",
            "gb",
        ), // 1
        ("关于清理文件的通知", None, "2020-08-26", "xj"), // 2
    ]);
    let rels = vec![
        vec![],
        vec![],
        vec![
            rel(RelationType::Repeals, "新政发[1994] 30 号"),
            rel(RelationType::Amends, "《优化营商环境条例》"),
            rel(RelationType::Implements, "优化营商环境条例"),
            rel(RelationType::Reprints, "不存在的文件"),
        ],
    ];
    let (links, _) = graph(&site, &[], &rels);
    assert_eq!(links[0].status, Status::Repealed { by: 2 });
    assert_eq!(links[1].status, Status::Amended { by: vec![2] });
    let c2: Vec<_> = links[2].cites.iter().map(|c| (c.target, c.kind)).collect();
    assert_eq!(
        c2,
        [
            (Some(0), RelationType::Repeals),
            (Some(1), RelationType::Amends),
            (Some(1), RelationType::Implements),
            (None, RelationType::Reprints)
        ]
    );
    assert_eq!(
        links[1].cited_by,
        [(2, RelationType::Amends), (2, RelationType::Implements)]
    );
    let refs = site.refs();
    let un = link::unresolved(&refs, &links);
    assert_eq!(un.len(), 1);
    assert_eq!(un[0].text, "《不存在的文件》");
}

#[test]
fn graph_also_published() {
    let site = Site::new(&[
        (
            "关于促进就业的意见",
            Some("国办发〔2020〕6号"),
            "2020-03-01",
            "gb",
        ), // 0
        (
            "国务院办公厅关于促进就业的意见",
            Some("国办发[2020]6 号"),
            "2020-03-20",
            "xy",
        ), // 1 same number
        ("关于做好统计工作的通知", None, "2020-01-01", "gb"), // 2
        ("关于做好统计 工作的通知", None, "2020-02-01", "xy"), // 3 same title
        (
            "关于做好统计工作的通知",
            Some("甲发〔2020〕1号"),
            "2020-01-01",
            "a",
        ), // 4
        (
            "关于做好统计工作的通知",
            Some("乙发〔2020〕1号"),
            "2020-01-01",
            "b",
        ), // 5 title, other number
        ("关于促进就业的意见", None, "2020-03-01", "gb"),     // 6 same publication as 0
    ]);
    let (links, _) = graph(&site, &[], &[]);
    assert_eq!(links[0].also_published, [1]);
    assert_eq!(links[1].also_published, [0]);
    assert_eq!(links[2].also_published, [3, 4, 5]);
    assert_eq!(links[4].also_published, [2, 3]);
    assert_eq!(links[5].also_published, [2, 3]);
    assert_eq!(links[6].also_published, Vec::<usize>::new());
}

#[test]
fn unresolved_most_cited_first() {
    let site = Site::new(&[
        ("甲", None, "2020-01-01", "a"),
        ("乙", None, "2020-01-02", "a"),
        ("丙", None, "2020-01-03", "a"),
    ]);
    let bodies: Vec<&[&str]> = vec![
        &["国发〔2099〕1号，国发〔2099〕1号和《某法》"],
        &["国发[2099]1号"],
        &["国发〔2099〕2号、《某法》、国发（2099）1号"],
    ];
    let (links, _) = graph(&site, &bodies, &[]);
    let un = link::unresolved(&site.refs(), &links);
    let t: Vec<_> = un
        .iter()
        .map(|u| (u.text.as_str(), u.cited_in.len()))
        .collect();
    assert_eq!(
        t,
        [
            ("国发〔2099〕1号", 3),
            ("《某法》", 2),
            ("国发〔2099〕2号", 1)
        ]
    );
}

// ---------------------------------------------------------------------------
// Throughput (run: cargo test --release --test cite_table -- --ignored --nocapture).

#[test]
#[ignore]
fn throughput() {
    use std::time::Instant;
    // A site of 20,000 documents.
    let titles: Vec<String> = (0..20_000)
        .map(|i| format!("关于第{i}项工作的通知"))
        .collect();
    let numbers: Vec<String> = (0..20_000)
        .map(|i| format!("新政办发〔{}〕{}号", 2000 + i % 21, i))
        .collect();
    let refs: Vec<DocRef<'_>> = (0..20_000)
        .map(|i| DocRef {
            idx: i,
            title: &titles[i],
            doc_number: Some(&numbers[i]),
            date: None,
            publication: "p",
        })
        .collect();
    let t = Instant::now();
    let known = Known::new(&refs);
    eprintln!("Known::new for 20,000 documents: {:?}", t.elapsed());

    let filler = "各地、各有关部门和单位要进一步提高政治站位，增强信号意识，积极号召群众，切实加强组织领导，\
                  增强工作的责任感、紧迫感，采取有力有效措施，全力推动国际道路货运甩挂运输发展。";
    let cite = "按照《关于第17项工作的通知》（新政办发〔2017〕17号）和国办发〔2020〕6号要求，参照《中华人民共和国保险法》执行。";
    let mut paras: Vec<String> = Vec::new();
    let mut size = 0;
    let mut i = 0;
    while size < 64 << 20 {
        let p = match i % 10 {
            0 => cite.to_string(),
            1..=3 => SEED_002.lines().nth(i % 20).unwrap_or(filler).to_string(),
            _ => filler.repeat(3),
        };
        size += p.len();
        paras.push(p);
        i += 1;
    }
    let prose = vec![filler.repeat(40); paras.len() / 40];
    for (name, paras) in [
        ("gazette-like text", paras),
        ("plain prose (no citations)", prose),
        (
            "pathological: 号 everywhere",
            vec!["1号".repeat(1 << 20); 4],
        ),
        ("pathological: 《 everywhere", vec!["《".repeat(1 << 20); 4]),
        (
            "pathological: long code runs",
            vec![format!("{}〔2020〕1号", "国".repeat(1000)).repeat(1000); 4],
        ),
    ] {
        let bytes: usize = paras.iter().map(|p| p.len()).sum();
        let t = Instant::now();
        let mut found = 0;
        for chunk in paras.chunks(50) {
            let mut s = Scanner::new(&known, usize::MAX, REPEAL_TITLE);
            for p in chunk {
                found += s.scan(p).len();
            }
        }
        let secs = t.elapsed().as_secs_f64();
        eprintln!(
            "{name}: {:.1} MB in {:.3} s = {:.0} MB/s on one core, {found} citations",
            bytes as f64 / 1e6,
            secs,
            bytes as f64 / 1e6 / secs
        );
    }
}

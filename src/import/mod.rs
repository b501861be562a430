//! `gazette import`: one issue converted from PDF (Markdown or plain text)
//! becomes a folder of documents with front matter.
//!
//! 1. `toc` finds and parses the printed 目录 (sections, entries, doc numbers,
//!    pages); it is dropped from the output, its facts go to front matter.
//! 2. `split` finds where each document starts: at the 目录 entries, else at
//!    the top-level headings, else at newspaper headlines.
//! 3. `extract` takes title, doc number, issuer and date out of the text.
//! 4. `repair` joins paragraphs split at page breaks, removes spaces inside
//!    titles, and levels headings.
//!
//! Nothing else is dropped: text before the first document goes to the
//! issue's `_issue.md` body, and a heading that differs from the title taken
//! from the 目录 is kept as `extra.printed_title`.

pub mod extract;
pub mod repair;
pub mod split;
pub mod text;
pub mod toc;

use crate::diag::Diag;
use crate::model::Date;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub publication: String,
    pub issue: String,
    pub today: Date,
}

/// One document to be written.
#[derive(Debug, Clone, Default)]
pub struct DocPlan {
    pub slug: String,
    pub title: String,
    pub printed_title: Option<String>,
    pub doc_number: Option<String>,
    pub issuer: Vec<String>,
    pub date: Option<Date>,
    pub section: Option<String>,
    pub page: Option<String>,
    pub order: usize,
    pub body: String,
    /// First line (1-based) of the document in the input.
    pub line: usize,
    /// What could not be extracted.
    pub missing: Vec<&'static str>,
}

/// Everything `import` would write, and what it found on the way.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// (path relative to the site root, contents)
    pub files: Vec<(PathBuf, String)>,
    pub docs: Vec<DocPlan>,
    pub split_by: &'static str,
    pub toc_lines: Option<(usize, usize)>,
    pub sections: Vec<String>,
    pub notes: Vec<String>,
    pub repairs: repair::Repairs,
    pub spaces_removed: usize,
    /// Files that already exist and are left as they are.
    pub kept: Vec<PathBuf>,
    /// Year of the issue, for dates printed without one (`8月30日下午`).
    pub year: Option<u16>,
}

/// Works out what importing `input` would write. Writes nothing.
pub fn plan(input: &str, opts: &Options) -> Result<Plan, Diag> {
    for (what, slug) in [("publication", &opts.publication), ("issue", &opts.issue)] {
        if !crate::load::is_valid_slug(slug) {
            return Err(Diag::error(format!("bad {what} slug `{slug}`")).help(
                "slugs must match [a-z0-9][a-z0-9._-]*, e.g. `--publication xinjiang-gazette --issue 2020-17-18`",
            ));
        }
    }
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let lines: Vec<String> = input
        .lines()
        .map(|l| l.trim_end_matches('\r').to_string())
        .collect();
    let mut plan = Plan::default();

    // 1. the 目录
    let toc = toc::find(&lines);
    let body_from = toc.as_ref().map_or(0, |t| t.end);

    // 2. document starts
    let mut starts = Vec::new();
    if let Some(t) = &toc {
        plan.toc_lines = Some((t.start + 1, t.end));
        plan.sections = t.sections.clone();
        let (s, missing) = split::by_toc(&lines, body_from, t);
        for k in missing {
            plan.notes.push(format!(
                "目录 entry `{}` was not found in the text; its text stays with the document before it",
                t.entries[k].title
            ));
        }
        starts = s;
        plan.split_by = "the 目录";
    }
    if starts.is_empty() {
        starts = split::by_headings(&lines, body_from);
        plan.split_by = "headings";
    }
    if starts.is_empty() {
        starts = split::by_headlines(&lines, body_from);
        plan.split_by = "headlines";
    }

    // Text before the first document: the masthead, or (newspaper page
    // continued from an earlier page) an untitled document.
    let first = starts.first().map_or(lines.len(), |s| s.line);
    let (mast_from, mast_to) = match &toc {
        Some(t) => (0, t.start),
        None => (0, first),
    };
    let mut masthead: Vec<String> = lines[mast_from..mast_to].to_vec();
    let mut leftover: Vec<String> = match &toc {
        Some(_) => lines[body_from..first].to_vec(),
        None => Vec::new(),
    };
    let prose = |ls: &[String]| {
        ls.iter()
            .any(|l| l.trim().chars().count() >= 40 && l.contains(['。', '，']))
    };
    if toc.is_none() && prose(&masthead) {
        starts.insert(
            0,
            split::Start {
                line: 0,
                entry: None,
            },
        );
        masthead.clear();
        plan.notes.push(
            "the text before the first headline is a document of its own (a continuation from an earlier page?); give it a title".into(),
        );
    }
    drop_section_lines(&mut leftover, &plan.sections);
    if plan.split_by == "headlines" && starts.is_empty() {
        plan.split_by = "nothing (one document)";
        starts.push(split::Start {
            line: 0,
            entry: None,
        });
        masthead.clear();
    }

    let mast_info = extract::masthead(&masthead);
    plan.year = mast_info
        .date
        .map(|d| d.year)
        .or(crate::new::parse_issue_slug(&opts.issue).year);

    // 3. each document
    for (k, s) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(lines.len(), |n| n.line);
        let mut chunk: Vec<String> = lines[s.line..end].to_vec();
        // Section headings printed before the next document belong to none.
        let dropped = drop_trailing_sections(&mut chunk, &plan.sections);
        if dropped > 0 {
            plan.notes.push(format!(
                "line {}: section heading dropped (it is the `section` of the documents after it)",
                s.line + chunk.len() + 1
            ));
        }
        let entry = s.entry.and_then(|e| toc.as_ref().map(|t| &t.entries[e]));
        let doc = document(&chunk, entry, k + 1, s.line + 1, &mut plan);
        plan.docs.push(doc);
    }

    // 4. files
    let m = extract::masthead(&masthead);
    let pub_dir = Path::new("content").join(&opts.publication);
    let issue_dir = pub_dir.join(&opts.issue);
    let pub_file = pub_dir.join("_publication.md");
    if opts.root.join(&pub_file).exists() {
        plan.kept.push(pub_file);
    } else {
        let title = m.title.clone().unwrap_or_else(|| opts.publication.clone());
        plan.files
            .push((pub_file, format!("---\ntitle: {}\n---\n", q(&title))));
    }
    let issue_file = issue_dir.join("_issue.md");
    // The masthead is a list of short lines: kept as printed.
    let mast_text = repair::render(&masthead_paragraphs(&masthead));
    let leftover_text = repair::render(&repair::join_page_breaks(&leftover, &mut plan.repairs));
    if opts.root.join(&issue_file).exists() {
        plan.kept.push(issue_file);
        if !plan.sections.is_empty() {
            plan.notes.push(format!(
                "_issue.md exists and was left as it is; its `sections` should list: {}",
                plan.sections.join("、")
            ));
        }
        if !leftover_text.trim().is_empty() {
            plan.notes.push("text between the 目录 and the first document was not written because _issue.md exists; it is printed below".into());
            plan.notes.push(leftover_text.clone());
        }
    } else {
        plan.files.push((
            issue_file,
            issue_file_text(&m, opts, &plan.sections, &mast_text, &leftover_text),
        ));
    }
    let mut used = std::collections::HashSet::new();
    for d in &mut plan.docs {
        let mut slug = d.slug.clone();
        let mut n = 2;
        while !used.insert(slug.clone()) {
            slug = format!("{}-{n}", d.slug);
            n += 1;
        }
        d.slug = slug;
        let path = issue_dir.join(format!("{}.md", d.slug));
        plan.files.push((path, doc_file_text(d)));
    }
    Ok(plan)
}

fn masthead_paragraphs(lines: &[String]) -> Vec<Vec<String>> {
    lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .map(|l| vec![l.to_string()])
        .collect()
}

fn drop_section_lines(lines: &mut Vec<String>, sections: &[String]) {
    lines.retain(|l| !is_section_line(l, sections));
}

fn is_section_line(l: &str, sections: &[String]) -> bool {
    let k = text::key(text::strip_numbering(
        l.trim().trim_start_matches('#').trim(),
    ));
    !k.is_empty() && sections.iter().any(|s| text::key(s) == k)
}

fn drop_trailing_sections(chunk: &mut Vec<String>, sections: &[String]) -> usize {
    let mut dropped = 0;
    while let Some(last) = chunk.last() {
        if last.trim().is_empty() {
            chunk.pop();
        } else if chunk.len() > 1 && is_section_line(last, sections) {
            chunk.pop();
            dropped += 1;
        } else {
            break;
        }
    }
    dropped
}

fn document(
    chunk: &[String],
    entry: Option<&toc::Entry>,
    order: usize,
    line: usize,
    plan: &mut Plan,
) -> DocPlan {
    let mut d = DocPlan {
        order,
        line,
        ..DocPlan::default()
    };
    let mut rest: Vec<String> = chunk.to_vec();
    // The first line is the heading (title, maybe with a doc number).
    let head = rest.first().cloned().unwrap_or_default();
    let (head_title, head_number) = extract::split_heading(&head);
    let (head_title, removed) = text::remove_title_spaces(&head_title);
    let is_titled =
        entry.is_some() || text::heading(&head).is_some() || plan.split_by == "headlines";
    let untitled_continuation = plan.split_by != "the 目录"
        && order == 1
        && line == 1
        && text::heading(&head).is_none()
        && !is_titled_headline(&head);
    if is_titled && !untitled_continuation {
        rest.remove(0);
        plan.spaces_removed += removed;
        match entry {
            Some(e) => {
                d.title = e.title.clone();
                if !text::key(&e.title).contains(&text::key(&head_title)) && !head_title.is_empty()
                {
                    d.printed_title = Some(head_title.clone());
                }
            }
            None => d.title = head_title.clone(),
        }
    } else {
        d.title = "（无标题）".into();
        d.missing.push("title");
    }
    d.section = entry.and_then(|e| e.section.clone());
    d.page = entry.and_then(|e| e.page.clone());
    let printed_number = entry.and_then(|e| e.doc_number.clone()).or(head_number);
    d.doc_number = printed_number
        .as_deref()
        .map(|n| crate::cite::canonical_doc_number(n).unwrap_or_else(|| n.to_string()));

    // The title printed again over several lines (中共中央 国务院 / 关于…),
    // and the doc number line under the heading.
    drop_repeated_title(&mut rest, &d.title, &head_title);
    if let Some(i) = rest.iter().position(|l| !l.trim().is_empty()) {
        if let Some(n) = extract::whole_doc_number(&rest[i]) {
            let canon = crate::cite::canonical_doc_number(&n).unwrap_or(n.clone());
            match &d.doc_number {
                None => {
                    d.doc_number = Some(canon);
                    rest.remove(i);
                }
                Some(known) if text::key(known) == text::key(&canon) => {
                    rest.remove(i);
                }
                Some(known) => plan.notes.push(format!(
                    "document {order}: the 目录 says {known} but the text says {n}; kept the 目录's, the text's stays in the body"
                )),
            }
        }
    }

    // Signature block and dates.
    if let Some((issuer, date, _)) = extract::signature(&rest) {
        d.date = Some(date);
        if let Some(i) = issuer {
            d.issuer = i;
        }
    }
    if d.issuer.is_empty() {
        d.issuer = extract::issuers_from_title(&d.title);
    }
    if d.date.is_none() {
        d.date = month_day_date(&rest, plan.year);
    }
    if d.doc_number.is_none() {
        d.missing.push("doc_number");
    }
    if d.issuer.is_empty() {
        d.missing.push("issuer");
    }
    if d.date.is_none() {
        d.missing.push("date");
    }

    // Repairs.
    let mut paras = repair::join_page_breaks(&rest, &mut plan.repairs);
    repair::headings(&mut paras, &mut plan.repairs);
    for p in paras.iter_mut() {
        if p.len() == 1 {
            if let Some((level, t)) = text::heading(&p[0]) {
                let (fixed, n) = text::remove_title_spaces(t);
                if n > 0 {
                    plan.spaces_removed += n;
                    p[0] = format!("{} {}", "#".repeat(level), fixed);
                }
            }
        }
    }
    repair::signature_block(&mut paras);
    d.body = repair::render(&paras);
    d.slug = slug(&d);
    d
}

/// `8月30日下午，…` at the start of the first paragraph, in `year`.
fn month_day_date(rest: &[String], year: Option<u16>) -> Option<Date> {
    let year = year?;
    let first = rest.iter().find(|l| !l.trim().is_empty())?.trim();
    let m: String = first.chars().take_while(|c| c.is_ascii_digit()).collect();
    let after = first[m.len()..].strip_prefix('月')?;
    let d: String = after.chars().take_while(|c| c.is_ascii_digit()).collect();
    after[d.len()..].strip_prefix('日')?;
    Date::parse(&format!("{year}-{m:0>2}-{d:0>2}"))
}

fn is_titled_headline(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && t.chars().count() <= 40 && !t.contains(['。', '，'])
}

fn drop_repeated_title(rest: &mut Vec<String>, title: &str, head: &str) {
    let want = text::key(title);
    let want_head = text::key(head);
    let mut acc = String::new();
    let mut idx = Vec::new();
    for (i, l) in rest.iter().enumerate() {
        if l.trim().is_empty() {
            continue;
        }
        if idx.len() >= 3 {
            break;
        }
        let k = text::key(l);
        if k.is_empty() {
            break;
        }
        acc.push_str(&k);
        if !(want.starts_with(&acc) || want_head.starts_with(&acc)) {
            break;
        }
        idx.push(i);
        if acc == want || acc == want_head {
            for i in idx.iter().rev() {
                rest.remove(*i);
            }
            return;
        }
    }
}

/// `01-2020-37` from the order and the doc number's year and serial, or
/// just `01`.
fn slug(d: &DocPlan) -> String {
    let base = format!("{:02}", d.order);
    let Some(n) = &d.doc_number else {
        return base;
    };
    let digits: Vec<String> = n
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    match digits.as_slice() {
        [year, serial] => format!("{base}-{year}-{serial}"),
        [serial] => format!("{base}-{serial}"),
        _ => base,
    }
}

/// A YAML double-quoted string.
fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

fn issue_file_text(
    m: &extract::Masthead,
    opts: &Options,
    sections: &[String],
    masthead: &str,
    leftover: &str,
) -> String {
    let slug = crate::new::parse_issue_slug(&opts.issue);
    let number = m.number.clone().or(slug.number.clone());
    let date = m.date.or(slug.date).unwrap_or(opts.today);
    let year = slug.year.unwrap_or(date.year);
    let title = match (&slug.date, &number) {
        (_, Some(n)) => {
            let unit = if masthead.contains('期') && !masthead.contains(&format!("{n}号")) {
                "期"
            } else {
                "号"
            };
            format!("{year}年第{n}{unit}")
        }
        (Some(d), None) => format!("{}年{}月{}日", d.year, d.month, d.day),
        (None, None) => opts.issue.clone(),
    };
    let mut s = format!(
        "---\ntitle: {}\ndate: \"{date}\"\nyear: {year}\n",
        q(&title)
    );
    if let Some(n) = &number {
        s.push_str(&format!("number: {}\n", q(n)));
    }
    if let Some(c) = &m.cumulative {
        s.push_str(&format!("cumulative: {}\n", q(c)));
    }
    if !sections.is_empty() {
        s.push_str("sections:\n");
        for sec in sections {
            s.push_str(&format!("  - {}\n", q(sec)));
        }
    }
    s.push_str("---\n");
    // The masthead minus its first line (the publication title).
    let mut mast: Vec<&str> = masthead.lines().collect();
    if let Some(i) = mast.iter().position(|l| !l.trim().is_empty()) {
        if m.title.as_deref().is_some_and(|t| mast[i].contains(t)) {
            mast.remove(i);
        }
    }
    let mast = mast.join("\n");
    for part in [mast.trim(), leftover.trim()] {
        if !part.is_empty() {
            s.push('\n');
            s.push_str(part);
            s.push('\n');
        }
    }
    s
}

fn doc_file_text(d: &DocPlan) -> String {
    let mut s = format!("---\ntitle: {}\n", q(&d.title));
    if let Some(n) = &d.doc_number {
        s.push_str(&format!("doc_number: {}\n", q(n)));
    }
    match d.issuer.as_slice() {
        [] => {}
        [one] => s.push_str(&format!("issuer: {}\n", q(one))),
        many => {
            s.push_str("issuer:\n");
            for i in many {
                s.push_str(&format!("  - {}\n", q(i)));
            }
        }
    }
    if let Some(date) = d.date {
        s.push_str(&format!("date: \"{date}\"\n"));
    }
    if let Some(sec) = &d.section {
        s.push_str(&format!("section: {}\n", q(sec)));
    }
    s.push_str(&format!("order: {}\n", d.order));
    if let Some(p) = &d.page {
        s.push_str(&format!("page: {p}\n"));
    }
    if let Some(t) = &d.printed_title {
        s.push_str(&format!("extra:\n  printed_title: {}\n", q(t)));
    }
    s.push_str("---\n\n");
    s.push_str(&d.body);
    s
}

/// Writes the plan. Refuses, before writing anything, when a document file
/// already exists.
pub fn write(plan: &Plan, root: &Path) -> Result<Vec<PathBuf>, Diag> {
    if let Some((p, _)) = plan.files.iter().find(|(p, _)| root.join(p).exists()) {
        return Err(Diag::error(format!("{} already exists", p.display()))
            .help("import never overwrites: import into a new issue slug, or delete the issue's files first"));
    }
    let mut made = Vec::new();
    for (p, text) in &plan.files {
        crate::new::write_new(root, p, text)?;
        made.push(p.clone());
    }
    Ok(made)
}

/// The human-readable report: what was found, what could not be.
pub fn report(plan: &Plan, dry_run: bool) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} documents, split on {}{}",
        plan.docs.len(),
        plan.split_by,
        match plan.toc_lines {
            Some((a, b)) => format!("; printed 目录 (lines {a}-{b}) dropped, its titles, doc numbers, sections and pages are in front matter"),
            None => String::new(),
        }
    );
    if !plan.sections.is_empty() {
        let _ = writeln!(s, "sections: {}", plan.sections.join("、"));
    }
    let _ = writeln!(
        s,
        "repairs: {} paragraphs joined across page breaks, {} spaces removed from titles, {} headings re-levelled, {} numbered lines made headings",
        plan.repairs.joined, plan.spaces_removed, plan.repairs.headings_shifted, plan.repairs.headings_made
    );
    for d in &plan.docs {
        let _ = writeln!(
            s,
            "\n  {:>2}. {}.md  (from line {})",
            d.order, d.slug, d.line
        );
        let _ = writeln!(s, "      title:      {}", d.title);
        if let Some(t) = &d.printed_title {
            let _ = writeln!(s, "      printed as: {t}  (kept in extra.printed_title)");
        }
        let opt = |v: Option<String>| v.unwrap_or_else(|| "—".into());
        let _ = writeln!(s, "      doc_number: {}", opt(d.doc_number.clone()));
        let _ = writeln!(
            s,
            "      issuer:     {}",
            if d.issuer.is_empty() {
                "—".into()
            } else {
                d.issuer.join("、")
            }
        );
        let _ = writeln!(
            s,
            "      date:       {}",
            opt(d.date.map(|x| x.to_string()))
        );
        if d.section.is_some() || d.page.is_some() {
            let _ = writeln!(
                s,
                "      section:    {}   page: {}",
                opt(d.section.clone()),
                opt(d.page.clone())
            );
        }
        if !d.missing.is_empty() {
            let _ = writeln!(s, "      not found:  {}", d.missing.join(", "));
        }
    }
    if !plan.notes.is_empty() {
        let _ = writeln!(s, "\nnotes:");
        for n in &plan.notes {
            let _ = writeln!(s, "  - {n}");
        }
    }
    for k in &plan.kept {
        let _ = writeln!(s, "kept existing {}", k.display());
    }
    let _ = writeln!(s);
    for (p, _) in &plan.files {
        let _ = writeln!(
            s,
            "{} {}",
            if dry_run { "would create" } else { "created" },
            p.display()
        );
    }
    s
}

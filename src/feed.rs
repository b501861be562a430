//! Atom feed of issues and sitemap: the only outputs with absolute URLs
//! (from `base_url`), since feed readers and crawlers need them.

use crate::model::Site;
use crate::urls::Urls;

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

fn absolute(site: &Site, rel: &str) -> String {
    absolute_under(&site.config.base_url, rel)
}

fn absolute_under(base_url: &str, rel: &str) -> String {
    format!("{base_url}/{rel}")
}

/// The 50 newest issues across all publications. `updated` is the newest
/// issue date, not the build time, so that output is reproducible.
pub fn atom(site: &Site, urls: Urls) -> String {
    let mut issues: Vec<_> = site
        .publications
        .iter()
        .flat_map(|p| p.issues.iter().map(move |i| (p, i)))
        .collect();
    issues.sort_by(|a, b| (b.1.date, &b.0.slug, &b.1.slug).cmp(&(a.1.date, &a.0.slug, &a.1.slug)));
    issues.truncate(50);
    let updated = issues
        .first()
        .map(|(_, i)| i.date.to_string())
        .unwrap_or_else(|| "1970-01-01".into());
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
    out.push_str(&xml_escape(&site.config.language));
    out.push_str("\">\n  <title>");
    out.push_str(&xml_escape(&site.config.title));
    out.push_str("</title>\n");
    if !site.config.description.is_empty() {
        out.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            xml_escape(&site.config.description)
        ));
    }
    out.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n  <id>{}</id>\n  <updated>{}T00:00:00Z</updated>\n  <generator>gazette</generator>\n",
        xml_escape(&absolute(site, "atom.xml")),
        xml_escape(&absolute(site, &urls.dir(""))),
        xml_escape(&absolute(site, "")),
        updated
    ));
    for (p, i) in issues {
        let url = absolute(site, &urls.dir(&format!("{}/{}", p.slug, i.slug)));
        let mut summary = String::new();
        for d in &i.documents {
            summary.push_str(&d.title);
            if let Some(n) = &d.doc_number {
                summary.push('（');
                summary.push_str(n);
                summary.push('）');
            }
            summary.push('\n');
        }
        out.push_str(&format!(
            "  <entry>\n    <title>{} {}</title>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n    <id>{}</id>\n    <updated>{}T00:00:00Z</updated>\n    <summary>{}</summary>\n  </entry>\n",
            xml_escape(&p.title),
            xml_escape(&i.title),
            xml_escape(&url),
            xml_escape(&url),
            i.date,
            xml_escape(summary.trim_end())
        ));
    }
    out.push_str("</feed>\n");
    out
}

/// URLs one sitemap file may list (sitemaps.org: 50,000, and 50 MB; ours
/// are ~100 bytes each).
pub const SITEMAP_URLS: usize = 50_000;

/// The sitemap of every HTML page of the site (search and 404 excepted), as
/// (path relative to the output, contents): `sitemap.xml` alone, or, for a
/// site of more pages than a sitemap may list (a 100,000-document archive
/// has 105,000), `sitemap.xml` as a sitemap index of `sitemap-1.xml`,
/// `sitemap-2.xml`, … in page order (crawlers reject a longer sitemap).
pub fn sitemaps(site: &Site, urls: Urls) -> Vec<(String, String)> {
    let mut pages: Vec<(String, Option<String>)> = Vec::new();
    pages.push((urls.dir(""), None));
    for p in &site.publications {
        pages.push((urls.dir(&p.slug), None));
        for i in &p.issues {
            let date = i.date.to_string();
            pages.push((
                urls.dir(&format!("{}/{}", p.slug, i.slug)),
                Some(date.clone()),
            ));
            for d in &i.documents {
                pages.push((urls.dir(&d.id), Some(date.clone())));
            }
        }
    }
    for dir in crate::render::listing_dirs(site) {
        pages.push((urls.dir(&dir), None));
    }
    sitemap_files(&site.config.base_url, &pages, SITEMAP_URLS)
}

/// Whether `name` (a file at the output's root) is a part of a split
/// sitemap, which a later build may no longer have.
pub fn is_sitemap_part(name: &str) -> bool {
    name.strip_prefix("sitemap-")
        .and_then(|n| n.strip_suffix(".xml"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The sitemap files of `pages` (path relative to the site root, last
/// modified), at most `per_file` URLs in each.
fn sitemap_files(
    base_url: &str,
    pages: &[(String, Option<String>)],
    per_file: usize,
) -> Vec<(String, String)> {
    let absolute = |rel: &str| xml_escape(&absolute_under(base_url, rel));
    let urlset = |pages: &[(String, Option<String>)]| {
        let mut out = String::from(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for (rel, lastmod) in pages {
            out.push_str("  <url><loc>");
            out.push_str(&absolute(rel));
            out.push_str("</loc>");
            if let Some(m) = lastmod {
                out.push_str("<lastmod>");
                out.push_str(m);
                out.push_str("</lastmod>");
            }
            out.push_str("</url>\n");
        }
        out.push_str("</urlset>\n");
        out
    };
    if pages.len() <= per_file {
        return vec![("sitemap.xml".into(), urlset(pages))];
    }
    let mut files = Vec::new();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (n, part) in pages.chunks(per_file.max(1)).enumerate() {
        let name = format!("sitemap-{}.xml", n + 1);
        index.push_str("  <sitemap><loc>");
        index.push_str(&absolute(&name));
        index.push_str("</loc>");
        // Dates are YYYY-MM-DD: the greatest string is the newest.
        if let Some(m) = part.iter().filter_map(|(_, m)| m.as_deref()).max() {
            index.push_str("<lastmod>");
            index.push_str(m);
            index.push_str("</lastmod>");
        }
        index.push_str("</sitemap>\n");
        files.push((name, urlset(part)));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, ("sitemap.xml".into(), index));
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(n: usize) -> Vec<(String, Option<String>)> {
        (0..n)
            .map(|i| {
                let date = (i % 2 == 1).then(|| format!("2020-01-{:02}", 10 + i));
                (format!("p{i}/index.html"), date)
            })
            .collect()
    }

    fn locs(xml: &str) -> Vec<&str> {
        xml.split("<loc>")
            .skip(1)
            .map(|s| &s[..s.find("</loc>").expect("closed")])
            .collect()
    }

    #[test]
    fn a_site_within_the_limit_has_one_urlset() {
        let files = sitemap_files("https://x.org", &pages(7), 7);
        assert_eq!(files.len(), 1);
        let (name, xml) = &files[0];
        assert_eq!(name, "sitemap.xml");
        assert!(xml.contains("<urlset "));
        assert_eq!(locs(xml).len(), 7);
        assert!(xml.contains(
            "<url><loc>https://x.org/p1/index.html</loc><lastmod>2020-01-11</lastmod></url>"
        ));
    }

    #[test]
    fn a_larger_site_gets_an_index_of_parts_within_the_limit() {
        let all = pages(7);
        let files = sitemap_files("https://x.org", &all, 3);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap.xml",
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml"
            ]
        );
        let index = &files[0].1;
        assert!(index.contains("<sitemapindex "));
        assert_eq!(
            locs(index),
            [
                "https://x.org/sitemap-1.xml",
                "https://x.org/sitemap-2.xml",
                "https://x.org/sitemap-3.xml"
            ]
        );
        // Each part's newest page: p1 (01-11) in 1, p5 (01-15) in 2, none in 3.
        assert!(index.contains("sitemap-1.xml</loc><lastmod>2020-01-11</lastmod>"));
        assert!(index.contains("sitemap-2.xml</loc><lastmod>2020-01-15</lastmod>"));
        assert!(index.contains("sitemap-3.xml</loc></sitemap>"));
        // The parts list every page once, in order, at most 3 each.
        let mut listed = Vec::new();
        for (_, xml) in &files[1..] {
            assert!(xml.contains("<urlset "));
            assert!(locs(xml).len() <= 3);
            listed.extend(locs(xml).into_iter().map(String::from));
        }
        let want: Vec<String> = all
            .iter()
            .map(|(p, _)| format!("https://x.org/{p}"))
            .collect();
        assert_eq!(listed, want);
    }

    #[test]
    fn only_numbered_sitemaps_are_parts() {
        assert!(is_sitemap_part("sitemap-1.xml"));
        assert!(is_sitemap_part("sitemap-12.xml"));
        assert!(!is_sitemap_part("sitemap.xml"));
        assert!(!is_sitemap_part("sitemap-.xml"));
        assert!(!is_sitemap_part("sitemap-a.xml"));
        assert!(!is_sitemap_part("sitemap-1.xml.bak"));
    }
}

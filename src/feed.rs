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
    format!("{}/{}", site.config.base_url, rel)
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

/// Every HTML page of the site (search and 404 excepted).
pub fn sitemap(site: &Site, urls: Urls, extra_pages: &[String]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut push = |rel: String, lastmod: Option<String>| {
        out.push_str("  <url><loc>");
        out.push_str(&xml_escape(&absolute(site, &rel)));
        out.push_str("</loc>");
        if let Some(m) = lastmod {
            out.push_str("<lastmod>");
            out.push_str(&m);
            out.push_str("</lastmod>");
        }
        out.push_str("</url>\n");
    };
    push(urls.dir(""), None);
    for p in &site.publications {
        push(urls.dir(&p.slug), None);
        for i in &p.issues {
            push(
                urls.dir(&format!("{}/{}", p.slug, i.slug)),
                Some(i.date.to_string()),
            );
            for d in &i.documents {
                push(urls.dir(&d.id), Some(i.date.to_string()));
            }
        }
    }
    for page in extra_pages {
        push(urls.dir(page), None);
    }
    out.push_str("</urlset>\n");
    out
}

//! Raw HTML written inside Markdown is untrusted: it passes through ammonia
//! (no script, no event handlers, no `javascript:` URLs). Markdown-generated
//! HTML is safe by construction, so documents without raw HTML skip this.

use std::sync::OnceLock;

fn cleaner() -> &'static ammonia::Builder<'static> {
    static B: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    B.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_generic_attributes(["class", "id", "title", "lang", "dir"])
            .add_tags([
                "input",
                "figure",
                "figcaption",
                "section",
                "mark",
                "sup",
                "sub",
            ])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .add_tag_attributes("td", ["colspan", "rowspan", "style"])
            .add_tag_attributes("th", ["colspan", "rowspan", "style"])
            .add_tag_attributes("ol", ["start"])
            .link_rel(None)
            .url_relative(ammonia::UrlRelative::PassThrough);
        b
    })
}

pub fn clean(html: &str) -> String {
    cleaner().clean(html).to_string()
}

/// Whether a link or image destination is safe to emit.
pub fn safe_url(url: &str) -> bool {
    let lower: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(12)
        .collect::<String>()
        .to_ascii_lowercase();
    !(lower.starts_with("javascript:")
        || lower.starts_with("vbscript:")
        || lower.starts_with("data:text"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_scripts_and_handlers() {
        let out = clean(
            r#"<p onclick="x()">a<script>alert(1)</script><a href="javascript:alert(1)">l</a></p>"#,
        );
        assert!(!out.contains("script"), "{out}");
        assert!(!out.contains("onclick"), "{out}");
        assert!(!out.contains("javascript"), "{out}");
    }

    #[test]
    fn keeps_classes_and_tables() {
        let out = clean(r#"<table><tr><td colspan="2" class="x">a</td></tr></table>"#);
        assert!(
            out.contains(r#"colspan="2""#) && out.contains(r#"class="x""#),
            "{out}"
        );
    }

    #[test]
    fn unsafe_urls() {
        assert!(!safe_url("javascript:alert(1)"));
        assert!(!safe_url(" JavaScript:alert(1)"));
        assert!(safe_url("../a/index.html"));
        assert!(safe_url("https://example.com"));
    }
}

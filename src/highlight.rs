//! Fenced code highlighting with syntect, emitting classes (not inline
//! colours) so that a theme can restyle code with CSS.

use std::sync::OnceLock;
use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Loading the grammars costs tens of milliseconds: done once, and only when
/// a build has a fenced block with a language.
fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// The HTML of a code block (the inside of `<code>`), or `None` when the
/// language is unknown and the caller should escape the text plainly.
pub fn highlight(code: &str, lang: &str) -> Option<String> {
    let ss = syntaxes();
    let syntax = ss
        .find_syntax_by_token(lang)
        .or_else(|| ss.find_syntax_by_extension(lang))?;
    let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, ss, STYLE);
    for line in LinesWithEndings::from(code) {
        gen.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(gen.finalize())
}

pub fn theme_names() -> Vec<String> {
    ThemeSet::load_defaults().themes.into_keys().collect()
}

/// The stylesheet for `theme`, or `None` if syntect has no theme of that name.
pub fn css(theme: &str) -> Option<String> {
    let set = ThemeSet::load_defaults();
    let t = set.themes.get(theme)?;
    css_for_theme_with_class_style(t, STYLE).ok()
}

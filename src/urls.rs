//! Where each page lives in the output and how pages link to each other.
//!
//! Every internal link is relative (`root` prefix + site-relative URL) so the
//! same output works from file:// and under any sub-path of a host.

/// URL style of a build.
#[derive(Debug, Clone, Copy)]
pub struct Urls {
    pub pretty: bool,
}

impl Urls {
    /// What a link to a folder ends with.
    pub fn suffix(self) -> &'static str {
        if self.pretty {
            ""
        } else {
            "index.html"
        }
    }

    /// Site-relative URL of a page that is a folder, e.g. `a/b/index.html`.
    pub fn dir(self, path: &str) -> String {
        if path.is_empty() {
            return self.suffix().to_string();
        }
        format!("{path}/{}", self.suffix())
    }

    /// Output file of a page that is a folder.
    pub fn file(path: &str) -> String {
        if path.is_empty() {
            "index.html".into()
        } else {
            format!("{path}/index.html")
        }
    }
}

/// Prefix from a page at `depth` folders below the root back to the root.
pub fn root_prefix(depth: usize) -> String {
    if depth == 0 {
        "./".into()
    } else {
        "../".repeat(depth)
    }
}

/// The folder of an issuer's listing page.
pub fn issuer_dir(name: &str) -> String {
    format!("issuers/{}", name_slug(name))
}

/// The folder of a year's listing page.
pub fn year_dir(year: u16) -> String {
    format!("years/{year}")
}

/// A stable ASCII slug for a name that may be Chinese (an issuer): FNV-1a,
/// so the URL does not change when other issuers are added.
pub fn name_slug(name: &str) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in name.as_bytes() {
        h ^= *b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{:010x}", h & 0xff_ffff_ffff)
}

//! The `gazette` command line. Everything that prints lives here: stages
//! return values and diagnostics, and this file shows them.

use clap::{Parser, Subcommand};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "gazette",
    version,
    about = "Static sites for gazettes: issues, documents, citations and offline search"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (default: public/).
    Build {
        /// Site folder (holds gazette.yaml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder; replaced only when the build succeeds.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Absolute URL of the deployed site (feeds, sitemap, canonical links).
        #[arg(long)]
        base_url: Option<String>,
        /// Links end in `/` instead of `index.html` (for web hosts only).
        #[arg(long)]
        pretty_urls: bool,
        /// Include documents and issues marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Worker threads (default: one per core).
        #[arg(short = 'j', long = "jobs")]
        jobs: Option<usize>,
        /// Print the time of each stage, and the peak memory at its end.
        #[arg(long)]
        timings: bool,
        /// Build even if nothing changed since the last build.
        #[arg(long)]
        force: bool,
    },
    /// Validate everything a build validates, plus editorial warnings
    /// (unresolved citations, missing doc numbers, empty issues, unknown
    /// sections). Writes nothing.
    Check {
        /// Site folder (holds gazette.yaml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Treat warnings as errors (exit code 1).
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Scaffold a site, publication, issue or document; never overwrites.
    New {
        /// `site`, `publication`, `issue` or `doc`.
        kind: String,
        /// `<dir>` for a site, `<publication>`, `<publication>/<issue>` or
        /// `<publication>/<issue>/<slug>`.
        path: String,
        /// Site folder (holds gazette.yaml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Serve the site on 127.0.0.1 with live reload: every change to
    /// content/, templates/, static/, themes/ or gazette.yaml rebuilds it and
    /// reloads the open pages; build errors show in the browser too.
    Serve {
        /// Site folder (holds gazette.yaml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Include documents and issues marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Split one issue converted from PDF (Markdown or text) into documents
    /// with front matter. Never overwrites.
    Import {
        /// The converted issue (UTF-8 Markdown or plain text).
        file: PathBuf,
        /// Publication slug (created when missing).
        #[arg(long)]
        publication: String,
        /// Issue slug, e.g. `2020-17-18` (must not hold documents yet).
        #[arg(long)]
        issue: String,
        /// Site folder (holds gazette.yaml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Show the plan and the report; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let color = std::io::stderr().is_terminal();
    match cli.command {
        Command::Build {
            root,
            out,
            base_url,
            pretty_urls,
            drafts,
            jobs,
            timings,
            force,
        } => {
            set_threads(jobs);
            let out = out.unwrap_or_else(|| root.join("public"));
            let opts = gazette::build::Options {
                root,
                out,
                base_url,
                pretty_urls,
                drafts,
                progress: color,
                force,
            };
            match gazette::build::build(&opts) {
                Ok(summary) => {
                    if !summary.warnings.is_empty() {
                        eprint!("{}", gazette::diag::render(&summary.warnings, color));
                    }
                    if timings {
                        for (stage, t, peak) in &summary.timings {
                            let peak = peak
                                .map(|b| format!("   peak memory {:>6} MB", b >> 20))
                                .unwrap_or_default();
                            eprintln!("  {stage:<7} {:>8.1} ms{peak}", t.as_secs_f64() * 1000.0);
                        }
                    }
                    println!("{}", summary.line());
                    ExitCode::SUCCESS
                }
                Err(diags) => fail(&diags, color),
            }
        }
        Command::Check {
            root,
            deny_warnings,
        } => check_command(root, deny_warnings, color),
        Command::New { kind, path, root } => new_command(&kind, &path, root, color),
        Command::Serve {
            root,
            port,
            bind,
            drafts,
        } => {
            let opts = gazette::serve::Options {
                root,
                bind,
                port,
                drafts,
                color,
            };
            match gazette::serve::serve(&opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(d) => {
                    eprint!("{}", gazette::diag::render(&[d], color));
                    ExitCode::FAILURE
                }
            }
        }
        Command::Import {
            file,
            publication,
            issue,
            root,
            dry_run,
        } => import_command(&file, publication, issue, root, dry_run, color),
    }
}

fn check_command(root: PathBuf, deny_warnings: bool, color: bool) -> ExitCode {
    let mut report = gazette::check::check(&gazette::check::Options { root });
    if deny_warnings {
        report.deny_warnings();
    }
    eprint!("{}", gazette::diag::render(&report.diags, color));
    let (errors, warnings) = (report.errors(), report.warnings());
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    if !report.unresolved.is_empty() {
        eprintln!("unresolved citations, most cited first:");
        for (text, files) in &report.unresolved {
            eprintln!("  {:>4}  {text}", files.len());
        }
    }
    let line = format!(
        "checked {} documents: {errors} error{}, {warnings} warning{}, {} unresolved citation{}",
        report.documents,
        plural(errors),
        plural(warnings),
        report.unresolved.len(),
        plural(report.unresolved.len())
    );
    if errors > 0 {
        eprintln!("error: {line}");
        ExitCode::FAILURE
    } else {
        println!("{line}");
        ExitCode::SUCCESS
    }
}

fn new_command(kind: &str, path: &str, root: PathBuf, color: bool) -> ExitCode {
    let made = match gazette::new::Target::parse(kind, path) {
        Ok(target) => {
            let root = if target == gazette::new::Target::Site {
                PathBuf::from(path)
            } else {
                root
            };
            gazette::new::create(&root, &target, gazette::new::today())
                .map(|made| made.into_iter().map(|f| root.join(f)).collect::<Vec<_>>())
        }
        Err(d) => Err(d),
    };
    match made {
        Ok(made) => {
            for f in made {
                println!("created {}", f.display());
            }
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprint!("{}", gazette::diag::render(&[d], color));
            ExitCode::FAILURE
        }
    }
}

fn import_command(
    file: &std::path::Path,
    publication: String,
    issue: String,
    root: PathBuf,
    dry_run: bool,
    color: bool,
) -> ExitCode {
    let text = match std::fs::read(file) {
        Ok(bytes) => gazette::load::decode(&bytes, file),
        Err(e) => Err(gazette::diag::Diag::error(format!(
            "cannot read {}: {e}",
            file.display()
        ))),
    };
    let opts = gazette::import::Options {
        root: root.clone(),
        publication,
        issue,
        today: gazette::new::today(),
    };
    let plan = match text {
        Ok(t) => gazette::import::plan(&t, &opts),
        Err(d) => Err(d),
    };
    let plan = match plan {
        Ok(p) => p,
        Err(d) => {
            eprint!("{}", gazette::diag::render(&[d], color));
            return ExitCode::FAILURE;
        }
    };
    if !dry_run {
        if let Err(d) = gazette::import::write(&plan, &root) {
            eprint!("{}", gazette::diag::render(&[d], color));
            return ExitCode::FAILURE;
        }
    }
    print!("{}", gazette::import::report(&plan, dry_run));
    ExitCode::SUCCESS
}

fn fail(diags: &[gazette::diag::Diag], color: bool) -> ExitCode {
    eprint!("{}", gazette::diag::render(diags, color));
    let errors = diags.iter().filter(|d| d.is_error()).count();
    eprintln!(
        "error: build failed with {errors} error{}; the previous output was left untouched",
        if errors == 1 { "" } else { "s" }
    );
    ExitCode::FAILURE
}

fn set_threads(jobs: Option<usize>) {
    if let Some(n) = jobs {
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global();
    }
}

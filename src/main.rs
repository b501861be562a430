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
        /// Print the time of each stage.
        #[arg(long)]
        timings: bool,
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
            };
            match gazette::build::build(&opts) {
                Ok(summary) => {
                    if !summary.warnings.is_empty() {
                        eprint!("{}", gazette::diag::render(&summary.warnings, color));
                    }
                    if timings {
                        for (stage, t) in &summary.timings {
                            eprintln!("  {stage:<7} {:>8.1} ms", t.as_secs_f64() * 1000.0);
                        }
                    }
                    println!("{}", summary.line());
                    ExitCode::SUCCESS
                }
                Err(diags) => fail(&diags, color),
            }
        }
    }
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

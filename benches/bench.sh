#!/usr/bin/env bash
# benches/bench.sh — build-speed benchmark of gazette against Hugo (issue 6).
# Not part of CI. See BENCHMARKS.md for what it measures and recorded figures.
#
# Needs: cargo, GNU time (/usr/bin/time), hugo (Debian's package, 0.111 here),
# perl, and a tmpfs at /dev/shm. On a fresh Debian machine:
#     apt-get install -y hugo time
# (hyperfine is not needed: runs are timed with /usr/bin/time -f '%e %U %S %M'.)
#
# Usage: benches/bench.sh [options]
#   --sizes "1000 10000"   corpus sizes (default "1000 10000")
#   --100k                 also 100,000 documents (≈1.6 GB of Markdown on disk)
#   --runs N               timed runs per measurement (default 5; 3 for 100k)
#   --seed S               corpus seed (default 1)
#   --data DIR             where corpora and the Hugo sites go (default target/bench)
#   --gazette BIN          gazette binary (default: cargo build --release, target/release/gazette)
#   --no-gazette           only generate and build with Hugo
#   --no-hugo              only gazette
#   --keep                 leave the last outputs in /dev/shm (default: removed)
#   --hugo-any-size        run Hugo even when it would not fit in available memory
#   --regen                regenerate corpora even when an identical one exists
#   --wait-idle L          before each measurement wait (up to 15 min) until the
#                          1-minute load average is below L (shared machines)
#
# For every size: generate the corpus to disk (gazette-corpus, deterministic),
# then, writing every output to tmpfs (/dev/shm/gazette-bench), after one
# untimed warm-up build, time N full builds of each tool and report the median
# wall time, the median CPU time (user+sys), the median peak RSS, pages
# written (*.html), output size, search index size (du of out/search), and
# gazette's `--timings` stage lines. gazette is also timed with -j 1 against
# -j 2, without its search index (`search: false`: what the pages alone cost),
# and for a no-change rebuild (a second build onto the same output and
# cache, checked to give output identical to the full build). Anything the
# gazette binary cannot do yet is reported as such, never estimated.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
sizes="1000 10000"
runs=5
seed=1
data="$here/target/bench"
gazette=""
gazette_rev=""
do_gazette=1
do_hugo=1
keep=0
idle=""
regen=0
hugo_any=0
seeds=${GAZETTE_SEEDS:-$(cd "$(dirname "$0")/.." && pwd)/tests/data/seeds}
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes=$2; shift 2 ;;
    --100k) sizes="$sizes 100000"; shift ;;
    --runs) runs=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    --gazette) gazette=$2; shift 2 ;;
    --no-gazette) do_gazette=0; shift ;;
    --no-hugo) do_hugo=0; shift ;;
    --keep) keep=1; shift ;;
    --wait-idle) idle=$2; shift 2 ;;
    --regen) regen=1; shift ;;
    --hugo-any-size) hugo_any=1; shift ;;
    -h|--help) sed -n '2,33p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

shm=/dev/shm/gazette-bench
[ -d /dev/shm ] || { echo "bench.sh: no /dev/shm tmpfs" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench.sh: needs GNU time: apt-get install -y time" >&2; exit 1; }
if [ $do_hugo = 1 ] && ! command -v hugo >/dev/null; then
  echo "bench.sh: hugo not found: apt-get install -y hugo (or pass --no-hugo)" >&2; exit 1
fi
cleanup() { [ $keep = 1 ] || rm -rf "$shm"; }
trap cleanup EXIT
mkdir -p "$data" "$shm"

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$here/target}
echo "# building release binaries" >&2
(cd "$here" && cargo build --release --quiet --bin gazette-corpus)
corpusgen="$CARGO_TARGET_DIR/release/gazette-corpus"
if [ $do_gazette = 1 ] && [ -z "$gazette" ]; then
  (cd "$here" && cargo build --release --quiet --bin gazette)
  gazette="$CARGO_TARGET_DIR/release/gazette"
  gazette_rev=$(cd "$here" && git describe --always --dirty 2>/dev/null || true)
fi

# What this gazette binary supports (it is being written while this runs).
has_timings=0; has_jobs=0
if [ $do_gazette = 1 ]; then
  help=$("$gazette" build --help 2>&1 || true)
  grep -q -- '--timings' <<<"$help" && has_timings=1
  grep -qE -- '(^|[ ,])-j([ ,]|$)|--jobs' <<<"$help" && has_jobs=1
fi

median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }
human() { case $1 in nan) echo nan ;; *) numfmt --to=iec --suffix=B "$1" 2>/dev/null || echo "$1 B" ;; esac; }
kb() { case $1 in nan) echo nan ;; *) human "$(awk -v k="$1" 'BEGIN{printf "%.0f", k * 1024}')" ;; esac; }

# measure LABEL RUNS PREP -- CMD...: runs PREP (untimed) then CMD, RUNS times,
# after one untimed warm-up; prints "wall cpu rss_kb fails load best_wall"
# (medians; load: the 1-minute load average before → after, i.e. the other
# users of the machine; best_wall: the fastest run, the least disturbed).
measure() {
  local label=$1 n=$2 prep=$3; shift 4
  local t=$shm/time.$$ walls="" cpus="" rss="" fails=0 i l0 waited=0
  if [ -n "$idle" ]; then
    while awk -v l="$idle" '{exit !($1 >= l)}' /proc/loadavg && [ $waited -lt 900 ]; do
      sleep 5; waited=$((waited + 5))
    done
  fi
  l0=$(cut -d' ' -f1 /proc/loadavg)
  for i in $(seq 0 "$n"); do
    eval "$prep"
    if /usr/bin/time -f '%e %U %S %M' -o "$t" "$@" >"$shm/log.$label" 2>&1; then
      [ "$i" = 0 ] && continue
      read -r w u s m <"$t"
      walls+="$w"$'\n'; cpus+=$(awk -v u="$u" -v s="$s" 'BEGIN{printf "%.2f", u+s}')$'\n'; rss+="$m"$'\n'
    else
      fails=$((fails + 1))
      echo "  $label: run $i failed; last lines of its output:" >&2
      tail -5 "$shm/log.$label" | sed 's/^/    /' >&2
      [ "$i" = 0 ] && break
    fi
  done
  local load="$l0→$(cut -d' ' -f1 /proc/loadavg)"
  if [ -z "$walls" ]; then echo "nan nan nan $fails $load"; return; fi
  echo "$(printf %s "$walls" | median) $(printf %s "$cpus" | median) $(printf %s "$rss" | median) $fails $load $(printf %s "$walls" | sort -g | head -1)"
}

# describe OUT: pages, output bytes, search index bytes
describe() {
  local out=$1 pages size idx
  [ -d "$out" ] || { echo "nan nan nan"; return; }
  pages=$(find "$out" -name '*.html' | wc -l)
  size=$(du -sb "$out" | cut -f1)
  idx=$( [ -d "$out/search" ] && du -sb "$out/search" | cut -f1 || echo 0)
  echo "$pages $size $idx"
}

date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
report="$data/results-$date.md"
{
  echo "## bench.sh run $date"
  echo
  echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')), $(free -h | awk '/^Mem:/{print $2}') RAM; $(uname -sr)"
  [ $do_hugo = 1 ] && echo "hugo: $(hugo version | cut -d' ' -f2)"
  [ $do_gazette = 1 ] && echo "gazette: $gazette${gazette_rev:+ (built from $gazette_rev)}; --timings: $([ $has_timings = 1 ] && echo yes || echo no); -j: $([ $has_jobs = 1 ] && echo yes || echo no)"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "runs: $runs (median; one untimed warm-up each), seed $seed, outputs on tmpfs"
  echo
  echo "| docs | tool | wall s | CPU s | peak RSS | pages | output | search index | failed runs | load avg | best wall s |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---:|"
} | tee "$report"

notes=""
for n in $sizes; do
  r=$runs; [ "$n" -ge 100000 ] && [ "$runs" -gt 3 ] && r=3
  corpus="$data/corpus-$n"
  # Reuse a corpus made by the same generator binary from the same inputs:
  # deleting 100k files costs more than generating them on some disks.
  stamp="$(sha256sum <"$corpusgen" | cut -c1-16) docs=$n seed=$seed seeds=$(cat "$seeds"/*.txt | sha256sum | cut -c1-16)"
  if [ $regen = 0 ] && [ -f "$corpus/gazette.yaml" ] && [ "$(cat "$corpus.stamp" 2>/dev/null)" = "$stamp" ]; then
    notes+="- $n docs: corpus $(du -sh --apparent-size "$corpus" | cut -f1) of Markdown, reused (same generator and inputs; --regen to remake)"$'\n'
  else
    rm -rf "$corpus" "$corpus.stamp"
    sync
    gen=$( { /usr/bin/time -f '%e %U %S %M' "$corpusgen" --docs "$n" --seed "$seed" --out "$corpus"; } 2>&1 | tail -1)
    echo "$stamp" >"$corpus.stamp"
    notes+="- $n docs: corpus $(du -sh --apparent-size "$corpus" | cut -f1) of Markdown, generated in ${gen%% *} s (gazette-corpus into an empty directory; wall user sys KB: $gen)"$'\n'
  fi
  sync

  # Hugo 0.111 peaks at ~2.1 GB for 10k documents and grows linearly: at
  # 100k it would need ~21 GB plus the output on tmpfs. Skip rather than
  # push a shared machine into the OOM killer (--hugo-any-size to insist).
  hugo_ok=1
  avail_kb=$(awk '/^MemAvailable:/{print $2}' /proc/meminfo)
  need_kb=$((n * 230 + n * 20))
  if [ $do_hugo = 1 ] && [ $hugo_any = 0 ] && [ "$need_kb" -gt "$avail_kb" ]; then
    hugo_ok=0
    notes+="- $n docs: Hugo not run: it would need about $((need_kb / 1048576)) GB, $((avail_kb / 1048576)) GB available (--hugo-any-size to run it anyway)"$'\n'
  fi
  if [ $do_hugo = 1 ] && [ $hugo_ok = 1 ]; then
    hstamp="$stamp site=$(sha256sum <"$here/benches/hugo-site.sh" | cut -c1-16)"
    if [ "$(cat "$data/hugo-$n.stamp" 2>/dev/null)" != "$hstamp" ] || [ ! -d "$data/hugo-$n" ]; then
      "$here/benches/hugo-site.sh" "$corpus" "$data/hugo-$n"
      echo "$hstamp" >"$data/hugo-$n.stamp"
    fi
    hout=$shm/hugo-$n
    read -r hw hc hm hf hl hb < <(measure "hugo-$n" "$r" "rm -rf $hout" -- hugo --quiet -s "$data/hugo-$n" -d "$hout")
    read -r hp hs _ < <(describe "$hout")
    echo "| $n | hugo | $hw | $hc | $(kb "$hm") | $hp | $(human "$hs") | — | $hf | $hl | $hb |" | tee -a "$report"
    rm -rf "$hout"
  fi

  if [ $do_gazette = 1 ]; then
    base=$shm/gz-$n
    gout=$base/public
    jargs=(); [ $has_jobs = 1 ] && jargs=(-j 2)
    build=("$gazette" build --root "$corpus" --out "$gout")
    read -r gw gc gm gf gl gb < <(measure "gazette-$n" "$r" "rm -rf $base; mkdir -p $base" -- "${build[@]}" "${jargs[@]}")
    if [ "$gw" != nan ] && [ -f "$gout/index.html" ]; then
      read -r gp gs gi < <(describe "$gout")
      echo "| $n | gazette${jargs[*]:+ ${jargs[*]}} | $gw | $gc | $(kb "$gm") | $gp | $(human "$gs") | $(human "$gi") | $gf | $gl | $gb |" | tee -a "$report"
      if [ $do_hugo = 1 ] && [ $hugo_ok = 1 ] && [ "$hw" != nan ]; then
        notes+="- $n docs: gazette/hugo wall $(awk -v a="$gw" -v b="$hw" 'BEGIN{printf "%.2f", a/b}'), CPU $(awk -v a="$gc" -v b="$hc" 'BEGIN{printf "%.2f", a/b}')"$'\n'
      fi

      # The same build without the search index (a root whose gazette.yaml
      # says `search: false`, content linked): what everything but the
      # index costs, next to Hugo, which builds no index.
      nosearch="$data/nosearch-$n"
      mkdir -p "$nosearch"
      ln -sfn "$corpus/content" "$nosearch/content"
      { cat "$corpus/gazette.yaml"; echo "search: false"; } >"$nosearch/gazette.yaml"
      read -r sw sc sm sf sl sb < <(measure "gazette-$n-nosearch" "$r" "rm -rf $base; mkdir -p $base" -- "$gazette" build --root "$nosearch" --out "$gout" "${jargs[@]}")
      echo "| $n | gazette${jargs[*]:+ ${jargs[*]}}, no search index | $sw | $sc | $(kb "$sm") | | | | $sf | $sl | $sb |" | tee -a "$report"
      notes+="- $n docs: without the search index, $(awk -v a="$sw" -v b="$gw" 'BEGIN{printf "%.2f", a/b}') × the full build"
      if [ $do_hugo = 1 ] && [ $hugo_ok = 1 ] && [ "$hw" != nan ]; then
        notes+=", $(awk -v a="$sw" -v b="$hw" 'BEGIN{printf "%.2f", a/b}') × Hugo's wall"
      fi
      notes+=$'\n'
      rm -rf "$base"; mkdir -p "$base"
      "${build[@]}" "${jargs[@]}" >/dev/null 2>&1

      # No-change rebuild: onto the output (and cache) of a full build.
      cp -a "$gout" "$shm/full-$n"
      read -r rw rc rm_ rf rl rb < <(measure "gazette-$n-rebuild" "$r" ":" -- "${build[@]}" "${jargs[@]}")
      same=$(diff -rq "$shm/full-$n" "$gout" >/dev/null 2>&1 && echo "identical to the full build" || echo "DIFFERS from the full build")
      rm -rf "$shm/full-$n"
      echo "| $n | gazette rebuild, no change | $rw | $rc | $(kb "$rm_") | | | | $rf | $rl | $rb |" | tee -a "$report"
      notes+="- $n docs: no-change rebuild $(awk -v a="$rw" -v b="$gw" 'BEGIN{printf "%.2f", a/b}') × full build; output $same"$'\n'

      if [ $has_jobs = 1 ]; then
        read -r jw jc jm jf jl jb < <(measure "gazette-$n-j1" "$r" "rm -rf $base; mkdir -p $base" -- "${build[@]}" -j 1)
        echo "| $n | gazette -j 1 | $jw | $jc | $(kb "$jm") | | | | $jf | $jl | $jb |" | tee -a "$report"
        notes+="- $n docs: -j 2 is $(awk -v a="$jw" -v b="$gw" 'BEGIN{printf "%.2f", a/b}')× faster than -j 1"$'\n'
      else
        notes+="- $n docs: this gazette has no -j: 1- vs 2-thread not measured"$'\n'
      fi

      if [ $has_timings = 1 ]; then
        rm -rf "$base"; mkdir -p "$base"
        if "${build[@]}" "${jargs[@]}" --timings >"$shm/timings" 2>&1; then
          notes+="- $n docs: stage timings of one full build (\`--timings\`):"$'\n'
          notes+=$(grep -iE 'load|parse|link|index|render|write|total' "$shm/timings" | sed 's/^/      /')$'\n'
        fi
      else
        notes+="- $n docs: this gazette has no --timings: stage times not measured"$'\n'
      fi
    else
      echo "| $n | gazette | failed or wrote no index.html (see /dev/shm log above) | | | | | | $gf | $gl | |" | tee -a "$report"
    fi
    rm -rf "$base"
  fi
done
{ echo; printf %s "$notes"; } | tee -a "$report"
echo "(report saved to $report)" >&2

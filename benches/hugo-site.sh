#!/usr/bin/env bash
# benches/hugo-site.sh CORPUS SITE — writes a minimal Hugo site equivalent to
# the gazette site in CORPUS (made by gazette-corpus) into SITE.
#
# The documents are the very same Markdown files (hard links, so no copying
# and no extra disk): Hugo reads their YAML front matter as is (unknown keys
# such as doc_number, issuer, section, page, order land in .Params). Only the
# list pages are renamed: _publication.md and _issue.md become _index.md, so
# publications and issues are Hugo sections (branch bundles) and their pages
# are Hugo's list pages. Layouts: home (publications and latest issues),
# list (publication: issues grouped by year; issue: TOC by section with doc
# number, issuer and page), single (document metadata and body). Taxonomies
# are off (the corpus has none); the home RSS feed is limited to 50 items, as
# gazette's atom.xml is a feed of recent issues, not of the whole archive
# (Hugo's default, every page with its summary, costs it ~1 GB more at 10k).
set -euo pipefail
corpus=${1:?usage: hugo-site.sh CORPUS SITE}
site=${2:?usage: hugo-site.sh CORPUS SITE}
[ -f "$corpus/gazette.yaml" ] || { echo "hugo-site.sh: $corpus has no gazette.yaml" >&2; exit 1; }
rm -rf "$site"
mkdir -p "$site/layouts/_default"
cp -al "$corpus/content" "$site/content"
find "$site/content" \( -name _issue.md -o -name _publication.md \) -print0 |
  perl -0ne 'chomp; (my $n = $_) =~ s{_(issue|publication)\.md$}{_index.md}; rename($_, $n) or die "$_: $!"'
title=$(sed -n 's/^title: *//p' "$corpus/gazette.yaml" | head -1)

cat > "$site/config.yaml" <<CFG
baseURL: "/"
title: $title
languageCode: zh-CN
hasCJKLanguage: true
relativeURLs: true
disableKinds: ["taxonomy", "term"]
rssLimit: 50
outputs:
  home: ["HTML", "RSS"]
  section: ["HTML"]
  page: ["HTML"]
markup:
  goldmark:
    renderer:
      unsafe: false
CFG

cat > "$site/layouts/_default/baseof.html" <<'TPL'
<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ .Site.Title }}</title></head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
{{ with .Parent }}{{ if not .IsHome }} › <a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}</header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
TPL

cat > "$site/layouts/index.html" <<'TPL'
{{ define "main" }}
<h1>{{ .Site.Title }}</h1>
{{ range .Sections }}
<section><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<ul>{{ range first 10 .Sections.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>{{ end }}</ul>
</section>
{{ end }}
{{ end }}
TPL

cat > "$site/layouts/_default/list.html" <<'TPL'
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ if .Sections }}
{{ range (.Sections.GroupByDate "2006") }}
<h2>{{ .Key }}</h2>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>{{ end }}</ul>
{{ end }}
{{ else }}
{{ $docs := sort .RegularPages "Params.order" }}
{{ range .Params.sections }}
{{ $sec := . }}
<h2>{{ $sec }}</h2>
<table>
{{ range where $docs "Params.section" $sec }}
<tr><td><a href="{{ .RelPermalink }}">{{ .Title }}</a></td><td>{{ .Params.doc_number }}</td>
<td>{{ with .Params.issuer }}{{ if reflect.IsSlice . }}{{ delimit . "、" }}{{ else }}{{ . }}{{ end }}{{ end }}</td><td>{{ .Params.page }}</td></tr>
{{ end }}
</table>
{{ end }}
{{ end }}
{{ end }}
TPL

cat > "$site/layouts/_default/single.html" <<'TPL'
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<dl>
{{ with .Params.doc_number }}<dt>发文字号</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.issuer }}<dt>发文机关</dt><dd>{{ if reflect.IsSlice . }}{{ delimit . "、" }}{{ else }}{{ . }}{{ end }}</dd>{{ end }}
<dt>日期</dt><dd>{{ .Date.Format "2006-01-02" }}</dd>
{{ with .Params.section }}<dt>栏目</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.page }}<dt>页码</dt><dd>{{ . }}</dd>{{ end }}
</dl>
{{ .Content }}
</article>
{{ end }}
TPL

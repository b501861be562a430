/* gazette search engine (SPEC §4). Classic script, no fetch/XHR/modules/workers:
 * index files are loaded on demand by injecting <script> tags next to this one,
 * so it works from file:// and under any sub-path.
 *
 *   GazetteSearch.query(q, {limit, publication, year, issuer, sort, progress}) -> Promise<[
 *     {url, title, title_html, doc_number, issue, date, publication, excerpt, score}]>
 *   (the array also carries .total and .facets; when the first results are
 *   known before the counts, these are null and .complete is a Promise of
 *   {total, facets})
 *   GazetteSearch.searchExact(q, opts): the same, always with the counts
 *   GazetteSearch.search(q, opts) -> Promise<{results, total, facets}>
 *   facets = {publication: [[slug, title, count]], year: [[year, count]], issuer: [[name, count]]}
 *
 * url is relative to the site root (GazetteSearch.root); title, doc_number,
 * issue, date are plain text; title_html and excerpt are escaped HTML with the
 * matches in <mark>. limit defaults to 10 (0 = all); sort: 'score' | 'date'.
 * progress (optional, also for search): called with the results ready so far,
 * a prefix of the page in rank order (the same objects), whenever it grows:
 * a result is ready once it and every result ranked above it have their
 * texts loaded (and their phrases checked against them) and their excerpts.
 * The tokeniser below must agree with src/search/tokenize.rs (tested).
 */
(function () {
  'use strict';
  var G = (window.GazetteSearch = window.GazetteSearch || {});
  var me = document.currentScript;
  var base = me && me.src ? me.src.replace(/[?#].*$/, '').replace(/[^\/]*$/, '') : 'search/';
  G.base = base;
  G.root = base + '../';
  G.loaded = []; // index files loaded, for tests and measurements
  G.loadTimes = {}; // path -> [requested, arrived] (performance.now()), for measurements
  G.warmTimes = []; // ms of each task of the warm-up (exercise below), for measurements

  var cfg = null, meta = null;
  var shards = {}, rows = {}, chunks = {}, waiting = {};

  // ---- tokeniser (mirror of tokenize.rs) ----
  function isCjk(c) {
    return c === 0x3005 || c === 0x3007 ||
      (c >= 0x3040 && c <= 0x30ff) || (c >= 0x31f0 && c <= 0x31ff) ||
      (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0xf900 && c <= 0xfaff) || (c >= 0x1100 && c <= 0x11ff) ||
      (c >= 0x3130 && c <= 0x318f) || (c >= 0xac00 && c <= 0xd7af) ||
      (c >= 0x20000 && c <= 0x3ffff);
  }
  var WORD = /[\p{Alphabetic}\p{N}]/u;
  // A string of characters that are their own NFKC (ASCII, Han ideographs
  // U+4E00..U+9FFF, common CJK and general punctuation), and of full-width
  // ASCII forms and the ideographic space (whose NFKC is the ASCII
  // character), is normalised here: most queries and excerpts then skip
  // the browser's normaliser, which is slow to start on a first query.
  var SIMPLE = /^[\t\n\r\x20-\x7e\u4e00-\u9fff\u3000-\u3029\u3030-\u3035\u3037\u303b-\u303f\u2012-\u2016\u2018-\u2023\u2027\u2030-\u2032\u00b7\u00d7\uff01-\uff5e]*$/;
  function wide(c) { return c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0); }
  function normalize(s) {
    s = String(s);
    return (SIMPLE.test(s) ? s.replace(/[\u3000\uff01-\uff5e]/g, wide) : s.normalize('NFKC')).toLowerCase();
  }
  function kindOf(ch) {
    var c = ch.codePointAt(0);
    if (isCjk(c)) return 'c';
    if (c < 128) return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) ? 'w' : null;
    return WORD.test(ch) ? 'w' : null;
  }
  /* Segments of a normalised string: [{k: 'c'|'w', t}] */
  function segmentsOf(n) {
    var out = [], cur = null, buf = '';
    for (var ch of n) {
      var k = kindOf(ch);
      if (k !== cur) {
        if (cur) out.push({ k: cur, t: buf });
        buf = '';
        cur = k;
      }
      if (k) buf += ch;
    }
    if (cur) out.push({ k: cur, t: buf });
    return out;
  }
  function segments(s) { return segmentsOf(normalize(s)); }
  G.segments = segments;
  G.describe = function (s) {
    return segments(s).map(function (x) { return x.k + ':' + x.t; }).join('\n');
  };
  // ---- loading ----
  function now() { return typeof performance === 'object' ? performance.now() : Date.now(); }
  function load(path) {
    var w = waiting[path];
    if (w) return w.promise;
    w = waiting[path] = {};
    w.promise = new Promise(function (resolve, reject) {
      w.resolve = resolve;
      var s = document.createElement('script');
      s.src = base + path;
      s.onerror = function () { delete waiting[path]; reject(new Error('gazette search: cannot load ' + path)); };
      s.onload = function () {
        if (!w.done) { delete waiting[path]; reject(new Error('gazette search: bad index file ' + path)); }
      };
      G.loaded.push(path);
      G.loadTimes[path] = [now(), null];
      (document.head || document.documentElement).appendChild(s);
    });
    return w.promise;
  }
  function arrived(path, value) {
    var w = waiting[path], t = G.loadTimes[path];
    taskStart = now();
    if (t && t[1] === null) t[1] = taskStart;
    if (w) { w.done = true; w.resolve(value); }
  }

  // ---- formats (see shard.rs) ----
  var DIG = new Int8Array(128).fill(-1);
  (function () {
    for (var d = 0, c = 0x20; c <= 0x7e; c++) if (c !== 0x22 && c !== 0x5c) DIG[c] = d++;
  })();
  function varints(s) {
    var out = [], v = 0, mul = 1;
    for (var i = 0; i < s.length; i++) {
      var d = DIG[s.charCodeAt(i)];
      v += d * mul;
      if (d < 46) { out.push(v); v = 0; mul = 1; } else mul *= 47;
    }
    return out;
  }
  /* Posting list -> {docs: Int32Array, imp: Uint8Array}. A list starting
     with a backslash is a bitmap of meta.n documents (6 per digit, impact 3)
     followed by the postings of impact 5 and more (see shard.rs). */
  function postings(s) {
    if (s.charCodeAt(0) === 92) return bitmap(s);
    var vs = varints(s), n = vs.length, docs = new Int32Array(n), imp = new Uint8Array(n), prev = -1;
    for (var i = 0; i < n; i++) {
      var v = vs[i], g = Math.floor(v / 8);
      prev = docs[i] = prev + 1 + g;
      imp[i] = v - g * 8;
    }
    return { docs: docs, imp: imp };
  }
  function bitmap(s) {
    var len = Math.ceil(meta.n / 6), count = 0, i, j;
    for (i = 1; i <= len; i++) {
      var b = DIG[s.charCodeAt(i)];
      for (j = 0; j < 6; j++) count += (b >> j) & 1;
    }
    var docs = new Int32Array(count), imp = new Uint8Array(count).fill(3), k = 0;
    for (i = 1; i <= len; i++) {
      var bits = DIG[s.charCodeAt(i)];
      for (j = 0; j < 6; j++) if ((bits >> j) & 1) docs[k++] = (i - 1) * 6 + j;
    }
    var kept = postings(s.slice(len + 1)), at = 0;
    for (i = 0; i < kept.docs.length; i++) {
      while (docs[at] < kept.docs[i]) at++;
      imp[at] = kept.imp[i];
    }
    return { docs: docs, imp: imp };
  }
  function textRank(c) {
    if (c < 0x80) return DIG[c];
    if (c < 0x800) return 93 + c - 0x80;
    if (c >= 0xe000) c -= 0x800;
    return 93 + 1920 + c - 0x800;
  }
  function decodeText(s) {
    var t = charTable(), out = [];
    for (var i = 0; i < s.length; i++) out.push(t[textRank(s.charCodeAt(i))]);
    return out.join('');
  }
  function textCode(r) {
    if (r < 93) return String.fromCharCode(r + 0x20 + (r >= 2) + (r >= 59)); // skips the quote and the backslash
    if (r < 93 + 1920) return String.fromCharCode(0x80 + r - 93);
    var cp = 0x800 + r - 93 - 1920;
    if (cp >= 0xd800) cp += 0x800;
    return String.fromCharCode(cp);
  }
  function shardOf(key) {
    var h = 2166136261;
    for (var ch of key) h = Math.imul(h ^ ch.codePointAt(0), 16777619) >>> 0;
    return h & (cfg.shards - 1);
  }

  G._config = function (c) { cfg = c; };
  G._shard = function (n, s, words) {
    shards[n] = { s: s, w: words, cache: new Map() };
    shardCount++;
    shardChars += s.length;
    for (var k in words) shardChars += k.length + words[k].length;
    arrived('s/' + n + '.js', shards[n]);
  };
  G._rows = function (n, r) {
    rows[n] = r;
    arrived('r/' + n + '.js', r);
  };
  G._chunk = function (n, r) {
    chunks[n] = r;
    arrived('c/' + n + '.js', r);
  };
  G._facets = function (n, s) {
    facetMeta().iset.set(varints(s), n * cfg.per_facets);
    arrived('f/' + n + '.js', true);
  };
  /* The metadata is decoded piece by piece, when first needed, so that
     loading it costs a first query little (its tables are not all needed). */
  G._meta = function (m) {
    meta = m;
    m.codes = new Map();
    arrived('meta.js', m);
    // Excerpts need the character table: it is decoded when the page is
    // idle, usually while the files of a first query are still loading
    // (and the browser's normaliser is started, for texts that need it).
    // A query that needs it sooner decodes it then.
    whenIdle(function () {
      if (meta === m) charTable();
      '\u2026'.normalize('NFKC');
      // (Not while a query is under way: it would only delay it.)
      if (meta === m && !gen) whenIdle(function () { if (meta === m && !gen) { facetMeta(); exercise(); } });
    });
  };
  /* Per-document publication, year and issuer set (filters and counts). */
  function facetMeta() {
    var m = meta;
    if (m.pub) return m;
    var v = varints(m.facets), n = m.n;
    m.pub = new Uint16Array(n); m.year = new Uint16Array(n); m.iset = new Uint32Array(n);
    for (var i = 0, d = 0; i < v.length; i += 3) {
      for (var r = 0; r < v[i + 2]; r++, d++) { m.pub[d] = v[i]; m.year[d] = v[i + 1]; }
    }
    var iv = varints(m.isets), sets = [];
    for (var k = 0; k < iv.length; k += 1 + iv[k]) sets.push(iv.slice(k + 1, k + 1 + iv[k]));
    m.isets = sets;
    return m;
  }
  /* The characters of the coded texts, by rank. */
  function charTable() {
    if (!meta.chars) meta.chars = tableChars(Infinity);
    return meta.chars;
  }
  /* The first `limit` characters of the table (one loop over the digits). */
  function tableChars(limit) {
    var s = meta.table, out = [], v = 0, mul = 1, cp = 0;
    for (var i = 0; i < s.length && out.length < limit; i++) {
      var d = DIG[s.charCodeAt(i)];
      v += d * mul;
      if (d < 46) {
        if (out.length === 93 || out.length === 93 + 1920) cp = 0; // code lengths restart (shard.rs)
        cp += v;
        out.push(String.fromCodePoint(cp));
        v = 0; mul = 1;
      } else mul *= 47;
    }
    return out;
  }
  /* The characters of one-byte text codes (the first 93 of the table),
     without decoding the rest of it. */
  function oneByteChars() {
    var m = meta;
    if (!m.one) m.one = m.chars ? m.chars.slice(0, 93) : tableChars(93);
    return m.one;
  }
  /* The text code of a character (undefined when the table lacks it). */
  function codeOf(ch) {
    var c = meta.codes.get(ch);
    if (c === undefined) {
      var r = charTable().indexOf(ch);
      c = r < 0 ? null : textCode(r);
      meta.codes.set(ch, c);
    }
    return c === null ? undefined : c;
  }

  function lookup(key) {
    var sh = shards[shardOf(key)];
    if (!sh) throw new Error('shard not loaded');
    if (sh.cache.has(key)) return sh.cache.get(key);
    var res = null, p = null;
    if (key.charCodeAt(0) === 35 /* # */ || !isCjk(key.codePointAt(0))) {
      p = Object.prototype.hasOwnProperty.call(sh.w, key) ? sh.w[key] : null;
    } else {
      var s = sh.s, from = 0;
      for (;;) {
        var i = s.indexOf(key, from);
        if (i < 0) break;
        var e = i + key.length;
        if ((i === 0 || s.charCodeAt(i - 1) < 128) && e < s.length && s.charCodeAt(e) < 128) {
          var j = e;
          while (j < s.length && s.charCodeAt(j) < 128) j++;
          p = s.slice(e, j);
          break;
        }
        from = i + 1;
      }
    }
    if (p !== null) res = postings(p);
    sh.cache.set(key, res);
    return res;
  }

  function chunkPath(doc) { return 'c/' + Math.floor(doc / cfg.per_chunk) + '.js'; }
  function rowsPath(doc) { return 'r/' + Math.floor(doc / cfg.per_rows) + '.js'; }
  /* [url, title, doc_number, issue, date, issuers, publication, text] */
  function docRow(doc) { return chunks[Math.floor(doc / cfg.per_chunk)][doc % cfg.per_chunk]; }
  /* [url, title, doc_number, issue, date, issuers, publication, head, whole] */
  function headRow(doc) {
    var r = rows[Math.floor(doc / cfg.per_rows)];
    return r && r[doc % cfg.per_rows];
  }
  /* The files of the issuer sets of the documents `docs` (ascending). */
  function facetPaths(docs) {
    var paths = [], per = cfg.per_facets;
    for (var i = 0; i < docs.length; i = lowerBound(docs, (k + 1) * per)) {
      var k = Math.floor(docs[i] / per);
      paths.push('f/' + k + '.js');
    }
    return paths;
  }
  /* Loads the issuer sets of the documents `docs` (ascending). */
  function withFacets(docs) { return ensure(facetPaths(docs)); }
  var normCache = new Map();
  function docFieldsNormalized(doc) {
    var f = normCache.get(doc);
    if (!f) {
      var r = docRow(doc);
      f = [normalize(r[1]), normalize(r[2]), normalize(r[5]), normalize(decodeText(r[7]))];
      if (normCache.size > 2000) normCache.clear();
      normCache.set(doc, f);
    }
    return f;
  }

  /* Whether a document holds every phrase of `pd` (normalised CJK runs).
     Most candidates of a phrase do not: a phrase of Han ideographs is
     looked for in the coded body as it is (one code unit per character),
     which spares decoding and normalising the body. Found there, it is
     in the normalised body too (a Han ideograph neither decomposes nor
     composes); not found, it is not there either unless the body holds a
     character whose normalisation holds a Han ideograph (a compatibility
     ideograph, a Kangxi radical, …): then, and for other phrases, the
     normalised fields decide. */
  function holds(doc, pd) {
    var f = normCache.get(doc);
    if (!f) {
      var r = docRow(doc), coded = r[7], short = null;
      for (var n = 0; n < pd.length; n++) {
        var enc = hanCode(pd[n]);
        if (enc === null) break;
        if (enc && coded.indexOf(enc) >= 0) continue;
        if (hanSources().test(coded)) break;
        if (!short) short = [normalize(r[1]), normalize(r[2]), normalize(r[5])];
        if (!short.some(function (x) { return x.indexOf(pd[n]) >= 0; })) return false;
      }
      if (n === pd.length) return true;
      f = docFieldsNormalized(doc);
    }
    return pd.every(function (t) { return f.some(function (x) { return x.indexOf(t) >= 0; }); });
  }
  /* The coded form of a run of Han ideographs ('' when a character of it
     is in no text as it is), or null for other runs. */
  function hanCode(t) {
    var enc = '';
    for (var i = 0; i < t.length; i++) {
      var c = t.charCodeAt(i);
      if (!((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf))) return null;
      var x = codeOf(t.charAt(i));
      if (x === undefined) return '';
      enc += x;
    }
    return enc;
  }
  /* A pattern matching the text codes of the characters whose
     normalisation holds a Han ideograph without being one. */
  function hanSources() {
    var m = meta;
    if (m.hanSources) return m.hanSources;
    var t = charTable(), codes = [];
    for (var r = 0; r < t.length; r++) {
      var ch = t[r], c = ch.codePointAt(0);
      if (c < 0x80 || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf)) continue;
      if (/[\u3400-\u4dbf\u4e00-\u9fff]/.test(ch.normalize('NFKC'))) codes.push(textCode(r));
    }
    m.hanSources = codes.length ? new RegExp('[' + codes.map(function (x) {
      return '\\u' + ('000' + x.charCodeAt(0).toString(16)).slice(-4);
    }).join('') + ']') : /(?!)/;
    return m.hanSources;
  }

  /* Lets the browser run other tasks (input, painting) in between. */
  var yieldTask = typeof MessageChannel === 'function' ? function () {
    return new Promise(function (r) { var c = new MessageChannel(); c.port1.onmessage = function () { taskStart = now(); r(); }; c.port2.postMessage(0); });
  } : function () { return new Promise(function (r) { setTimeout(function () { taskStart = now(); r(); }, 0); }); };
  /* When the task running now began (about: a query's call, a file's
     arrival, a yield), so that work yields only once it has run long:
     each yield lets other tasks (and the browser's other work) in first,
     which a keystroke answered from memory should not wait for. */
  var taskStart = 0;
  function busy() { return now() - taskStart > 16; }

  /* Runs f when the page is idle (not before the tasks of a query). */
  function whenIdle(f) {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(function () { f(); });
    else setTimeout(f, 1);
  }
  /* Runs f in a later task (after the caller has shown the results). */
  function later(f) { return yieldTask().then(f); }

  // ---- evaluation ----
  function chars(t) { return Array.from(t); }
  /* The keys a segment may need, loaded together up front. */
  function keysOf(seg) {
    if (seg.k === 'w') return [seg.t];
    var cs = chars(seg.t);
    if (cs.length === 1) return [seg.t];
    var out = [];
    for (var k = 2; k <= Math.min(cs.length, cfg.max_len); k++) out.push(cs.slice(0, k).join(''));
    return out;
  }
  /* The shards a segment needs: its keys and, when it may not be indexed
     as a whole (three characters or more), those of its bigrams, loaded
     together rather than one after the other. */
  function shardsOf(seg) {
    var keys = keysOf(seg), cs = chars(seg.t);
    // The chain of prefixes stops at the first one that is not frequent
    // (see resolveSegment): when its shard is loaded already (the keystroke
    // before), the longer prefixes' shards are not needed.
    for (var n = 0; n + 1 < keys.length; n++) {
      if (!loaded('s/' + shardOf(keys[n]) + '.js')) break;
      var p = lookup(keys[n]), t = cfg.frequent[n + 2];
      if (!p || t == null || p.docs.length <= t) { keys.length = n + 1; break; }
    }
    if (seg.k === 'c') for (var b = 1; b + 1 < cs.length; b++) keys.push(cs[b] + cs[b + 1]);
    return keys.map(function (k) { return 's/' + shardOf(k) + '.js'; });
  }
  function ensure(paths) {
    return Promise.all(paths.filter(function (p, i) {
      return paths.indexOf(p) === i;
    }).map(load));
  }
  var segCache = new Map();
  /* Documents of one segment: {docs, imp}, exact unless `pending` (the
     segment text still to be confirmed in each document). */
  function resolveSegment(seg) {
    var ck = seg.k + ':' + seg.t;
    if (segCache.has(ck)) return Promise.resolve(segCache.get(ck));
    var keys = keysOf(seg);
    return ensure(shardsOf(seg)).then(function () {
      var empty = { docs: new Int32Array(0), imp: new Uint8Array(0) };
      var cs = chars(seg.t), p = null, k;
      if (keys.length === 1 && (seg.k === 'w' || cs.length <= 2)) {
        return finish(lookup(keys[0]) || empty);
      }
      for (k = 2; k <= Math.min(cs.length, cfg.max_len); k++) {
        p = lookup(keys[k - 2]);
        if (!p) return finish(empty);
        if (k === cs.length) return finish(p);
        var t = cfg.frequent[k];
        if (t == null || p.docs.length <= t) break;
      }
      // Not indexed as a whole: the candidates are the documents of its
      // longest indexed prefix that also hold its bigrams and, at every
      // other offset, the longest grams the index has there; they are
      // verified against their text later, only as far as needed.
      var cand = Array.from(p.docs), cimp = Array.from(p.imp);
      function narrow(keys) {
        for (var n = 0; n < keys.length && cand.length; n++) {
          var l = lookup(keys[n]);
          if (!l) return false; // a gram of the phrase occurs nowhere
          var nc = [], ni = [], x = 0, y = 0;
          while (x < cand.length && y < l.docs.length) {
            if (cand[x] < l.docs[y]) x++;
            else if (cand[x] > l.docs[y]) y++;
            else { nc.push(cand[x]); ni.push(cimp[x]); x++; y++; }
          }
          cand = nc; cimp = ni;
        }
        return true;
      }
      function level(len, prev) {
        // prev: the grams of length len - 1 (at offsets >= 1) just used.
        var t = cfg.frequent[len - 1], keys = [], starts = [];
        if (cand.length > 16 && len <= cfg.max_len && t != null) {
          prev.forEach(function (o) {
            var g = lookup(cs.slice(o, o + len - 1).join(''));
            if (o + len <= cs.length && g && g.docs.length > t) { keys.push(cs.slice(o, o + len).join('')); starts.push(o); }
          });
        }
        if (!keys.length) return finish(candidates(seg.t, cand, cimp));
        return ensure(keys.map(function (k) { return 's/' + shardOf(k) + '.js'; })).then(function () {
          return narrow(keys) ? level(len + 1, starts) : finish(empty);
        });
      }
      var bigrams = [], offsets = [];
      for (var b = 1; b + 1 < cs.length; b++) { bigrams.push(cs[b] + cs[b + 1]); offsets.push(b); }
      return ensure(bigrams.map(function (k) { return 's/' + shardOf(k) + '.js'; })).then(function () {
        if (!narrow(bigrams)) return finish(empty);
        return level(3, offsets);
      });
    });
    function finish(r) {
      if (segCache.size > 500) segCache.clear();
      segCache.set(ck, r);
      return r;
    }
  }

  /* Exact document sets of CJK segments that needed their texts checked,
     from earlier queries: typing one more character narrows a phrase's
     documents to a subset of those of the phrase before, whose texts are
     loaded (and normalised) already. */
  var known = new Map();
  /* The pending list of a phrase: its candidates, less those outside the
     known documents of a phrase it contains. Its weight stays that of all
     its candidates (`df`), so that ranking does not depend on what earlier
     queries happened to check. */
  function candidates(t, cand, cimp) {
    var sub = null;
    known.forEach(function (docs, k) {
      if (k.length < t.length && t.indexOf(k) >= 0 && (!sub || docs.length < sub.length)) sub = docs;
    });
    var df = cand.length;
    if (sub) {
      var nc = [], ni = [], x = 0, y = 0;
      while (x < cand.length && y < sub.length) {
        if (cand[x] < sub[y]) x++;
        else if (cand[x] > sub[y]) y++;
        else { nc.push(cand[x]); ni.push(cimp[x]); x++; y++; }
      }
      cand = nc; cimp = ni;
    }
    return { docs: Int32Array.from(cand), imp: Uint8Array.from(cimp), pending: t, df: df };
  }
  /* Records the exact documents of a one-segment query whose phrase was
     checked against the texts; its list in the cache becomes exact. */
  function learn(m, ok) {
    if (m.segs.length !== 1 || m.segs[0].k !== 'c') return;
    var t = m.segs[0].t, ck = 'c:' + t, l = segCache.get(ck);
    var docs = Int32Array.from(ok, function (i) { return m.docs[i]; });
    if (known.size >= 64) known.clear();
    known.set(t, docs);
    if (l && l.pending && l.docs === m.docs) {
      segCache.set(ck, { docs: docs, imp: Uint8Array.from(ok, function (i) { return l.imp[i]; }), df: l.df != null ? l.df : l.docs.length });
    }
  }

  /* The first index of the ascending `a` whose value is not below x. */
  function lowerBound(a, x) {
    var lo = 0, hi = a.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (a[mid] < x) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
  function idf(df) {
    var n = meta.n;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /* All matching documents with scores: {docs: Int32Array (ascending), score: Float64Array} */
  function match(q) {
    // The metadata every query needs, requested before anything else.
    if (/[\p{L}\p{N}]/u.test(q)) load('meta.js').catch(function () {});
    var segs = segments(q);
    if (!segs.length) return Promise.resolve({ segs: segs, docs: new Int32Array(0), score: new Float64Array(0) });
    var numKey = '#' + segs.map(function (s) { return s.t; }).join('');
    var first = ['meta.js', 's/' + shardOf(numKey) + '.js'];
    segs.forEach(function (s) { first = first.concat(shardsOf(s)); });
    return ensure(first).then(function () {
      return Promise.all(segs.map(resolveSegment));
    }).then(function (lists) {
      var r = andLists(lists);
      var num = lookup(numKey);
      if (num) {
        for (var a = 0; a < num.docs.length; a++) {
          var b = lowerBound(r.docs, num.docs[a]);
          if (r.docs[b] === num.docs[a]) r.score[b] += 1000;
        }
      }
      r.segs = segs;
      return r;
    });
  }
  /* The documents of every list, scored: {docs, score, pend, pending}. A
     list's weight is the idf of its `df` (its documents before a subset
     known from an earlier query narrowed them) or of its length. */
  function andLists(lists) {
    var order = lists.map(function (l, i) { return i; }).sort(function (a, b) {
      return lists[a].docs.length - lists[b].docs.length;
    });
    // The shortest list, scored, then ANDed with the others (typed
    // arrays and plain loops: a first query runs this code cold).
    var l = lists[order[0]], n = l.docs.length, w = idf(l.df != null ? l.df : n);
    var docs = l.docs, score = new Float64Array(n), pending = !!l.pending;
    var pend = new Array(n).fill(l.pending ? [l.pending] : null);
    for (var i = 0; i < n; i++) score[i] = w * (l.imp[i] + 1) / 8;
    for (var step = 1; step < order.length; step++) {
      l = lists[order[step]];
      w = idf(l.df != null ? l.df : l.docs.length);
      var cap = Math.min(docs.length, l.docs.length), nd = new Int32Array(cap), ns = new Float64Array(cap);
      var np = new Array(cap), k = 0, j = 0;
      i = 0;
      while (i < docs.length && j < l.docs.length) {
        if (docs[i] < l.docs[j]) i++;
        else if (docs[i] > l.docs[j]) j++;
        else {
          nd[k] = docs[i];
          ns[k] = score[i] + w * (l.imp[j] + 1) / 8;
          np[k++] = l.pending ? (pend[i] || []).concat([l.pending]) : pend[i];
          i++; j++;
        }
      }
      docs = nd.slice(0, k);
      score = ns.slice(0, k);
      pend = np.slice(0, k);
      pending = pending || !!l.pending;
    }
    if (!docs.length) pending = false;
    return { docs: docs, score: score, pend: pend, pending: pending };
  }

  /* Confirms the pending segments of the documents m.docs[i] for i in
     `idx` (loading their chunks, a batch at a time so no task runs long);
     resolves to the confirmed indices, in order, stopping at `limit`. The
     first batch is as large as the results wanted (and two more), the next
     ones double up to 32, so a first page loads few texts; up to twice
     that many candidates are one batch. Candidates are checked in order as
     their texts arrive (each arrival is a task of its own), and `onOk(i, n)`
     is called as soon as idx[…] = i is known to be the n-th confirmed one;
     a batch ends once its candidates are decided or `limit` is reached. */
  function confirm(m, idx, limit, onOk) {
    var out = [];
    function batch(from, size) {
      if (from >= idx.length || out.length >= limit) return Promise.resolve(out);
      var part = idx.slice(from, from + size), j = 0;
      var paths = part.map(function (i) { return m.pend[i] ? chunkPath(m.docs[i]) : null; });
      var all = paths.filter(function (x, k) { return x && paths.indexOf(x) === k; });
      var fresh = all.some(function (x) { return !loaded(x); });
      return new Promise(function (resolve, reject) {
        // The candidates of the batch whose texts are loaded, in order.
        function step() {
          for (; j < part.length && out.length < limit; j++) {
            var i = part[j], pd = m.pend[i];
            if (pd && !loaded(paths[j])) return;
            if (pd && !holds(m.docs[i], pd)) continue;
            out.push(i);
            if (onOk) onOk(i, out.length - 1);
          }
          resolve();
        }
        if (fresh) all.forEach(function (p) { load(p).then(step).catch(reject); });
        else {
          ensure(all).then(function () { return !all.length || !busy() ? null : yieldTask(); })
            .then(step).catch(reject);
        }
      }).then(function () {
        return batch(from + part.length, Math.min(32, 2 * size));
      });
    }
    // A few candidates more than a first batch: all at once (one round
    // trip of file loads less).
    var n = limit + 2;
    return batch(0, Math.min(32, idx.length <= 2 * n ? idx.length : n));
  }
  /* The exact match set of m (confirming every pending document). */
  function exact(m) {
    if (!m.pending) return Promise.resolve(m);
    if (m.exact) return m.exact;
    var all = [];
    for (var i = 0; i < m.docs.length; i++) all.push(i);
    m.exact = confirm(m, all, Infinity).then(function (ok) {
      learn(m, ok);
      return {
        segs: m.segs, pending: false, pend: ok.map(function () { return null; }),
        docs: Int32Array.from(ok, function (i) { return m.docs[i]; }),
        score: Float64Array.from(ok, function (i) { return m.score[i]; })
      };
    });
    return m.exact;
  }

  function passes(doc, f, skip) {
    if (f.pub >= 0 && skip !== 'publication' && meta.pub[doc] !== f.pub) return false;
    if (f.year > 0 && skip !== 'year' && meta.year[doc] !== f.year) return false;
    if (f.issuer >= 0 && skip !== 'issuer' && meta.isets[meta.iset[doc]].indexOf(f.issuer) < 0) return false;
    return true;
  }
  function filterOf(opts) {
    var f = { pub: -1, year: 0, issuer: -1 };
    if (opts.publication != null && opts.publication !== '') {
      f.pub = meta.pubs.findIndex(function (p) { return p[0] === String(opts.publication); });
      if (f.pub < 0) f.pub = 1e9;
    }
    if (opts.year != null && opts.year !== '') {
      f.year = meta.years.indexOf(Number(opts.year)) + 1;
      if (f.year === 0) f.year = 1e9;
    }
    if (opts.issuer != null && opts.issuer !== '') {
      f.issuer = meta.issuers.indexOf(String(opts.issuer));
      if (f.issuer < 0) f.issuer = 1e9;
    }
    if (f.pub >= 0 || f.year > 0 || f.issuer >= 0) facetMeta();
    return f;
  }
  /* The documents whose issuer sets the counts of m need: null for all of
     m.docs; when nothing is filtered and m holds most documents, those it
     lacks (the counts are then the totals less theirs). */
  function lacking(m, f) {
    // (An empty query matches nothing without loading the metadata.)
    if (!m.docs.length || f.pub >= 0 || f.year > 0 || f.issuer >= 0 || m.docs.length * 2 <= meta.n) return null;
    var out = [], j = 0;
    for (var d = 0; d < meta.n; d++) {
      if (j < m.docs.length && m.docs[j] === d) j++;
      else out.push(d);
    }
    return out;
  }
  function facetCounts(m, f, lack) {
    // (An empty query has no metadata loaded.)
    if (!m.docs.length) return { publication: [], year: [], issuer: [] };
    facetMeta();
    // Counts by index (typed arrays: this loop may see every document).
    var pc = new Int32Array(meta.pubs.length), yc = new Int32Array(meta.years.length + 1);
    var ic = new Int32Array(meta.issuers.length), pub = meta.pub, year = meta.year, is, j, d, i;
    var any = f.pub >= 0 || f.year > 0 || f.issuer >= 0;
    for (i = 0; i < m.docs.length; i++) {
      d = m.docs[i];
      if (!any || passes(d, f, 'publication')) pc[pub[d]]++;
      if (year[d] && (!any || passes(d, f, 'year'))) yc[year[d]]++;
      if (!lack && (!any || passes(d, f, 'issuer'))) {
        is = meta.isets[meta.iset[d]];
        for (j = 0; j < is.length; j++) ic[is[j]]++;
      }
    }
    if (lack) {
      meta.issuer_docs.forEach(function (c, k) { ic[k] = c; });
      for (i = 0; i < lack.length; i++) {
        is = meta.isets[meta.iset[lack[i]]];
        for (j = 0; j < is.length; j++) ic[is[j]]--;
      }
    }
    function list(counts, fn) {
      var es = [];
      counts.forEach(function (c, k) { if (c) es.push([k, c]); });
      return es.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; }).map(fn);
    }
    return {
      publication: list(pc, function (e) { return [meta.pubs[e[0]][0], meta.pubs[e[0]][1], e[1]]; }),
      year: list(yc, function (e) { return [meta.years[e[0] - 1], e[1]]; }).sort(function (a, b) { return b[0] - a[0]; }),
      issuer: list(ic, function (e) { return [meta.issuers[e[0]], e[1]]; })
    };
  }

  // ---- excerpts ----
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  /* Normalised text and, for each of its UTF-16 units, the index in the original. */
  function normMap(text) {
    var n = normalize(text);
    if (n.length === text.length) return { n: n, map: null };
    var out = '', map = [], i = 0;
    for (var ch of text) {
      // Han ideographs and ASCII are their own NFKC; ASCII lowercases.
      var c = ch.charCodeAt(0);
      var x = c < 0x80 ? ch.toLowerCase() : c >= 0x4e00 && c <= 0x9fff ? ch : normalize(ch);
      for (var k = 0; k < x.length; k++) map.push(i);
      out += x;
      i += ch.length;
    }
    map.push(i);
    return { n: out, map: map };
  }
  /* Ranges [start, end) in text where segments match. */
  function matchRanges(text, segs, limit) {
    var nm = normMap(text), n = nm.n, out = [];
    segs.forEach(function (seg) {
      var from = 0;
      while (out.length < limit) {
        var i = n.indexOf(seg.t, from);
        if (i < 0) break;
        var e = i + seg.t.length;
        from = i + 1;
        if (seg.k === 'w') {
          var before = i > 0 ? kindOf(String.fromCodePoint(n.codePointAt(i - 1))) : null;
          var after = e < n.length ? kindOf(String.fromCodePoint(n.codePointAt(e))) : null;
          if (before === 'w' || after === 'w') continue;
        }
        out.push(nm.map ? [nm.map[i], nm.map[e]] : [i, e]);
      }
    });
    out.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var merged = [];
    out.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    return merged;
  }
  function highlight(text, ranges, start, end) {
    var out = '', at = start;
    ranges.forEach(function (r) {
      var a = Math.max(r[0], start), b = Math.min(r[1], end);
      if (b <= a || a < at) return;
      out += esc(text.slice(at, a)) + '<mark>' + esc(text.slice(a, b)) + '</mark>';
      at = b;
    });
    return out + esc(text.slice(at, end));
  }
  function excerpt(body, segs) {
    var ranges = matchRanges(body, segs, 200);
    var first = ranges.length ? ranges[0][0] : 0;
    var start = Math.max(0, first - 30), end = Math.min(body.length, start + 120);
    var nl = body.lastIndexOf('\n', first);
    if (nl >= start) start = nl + 1;
    var text = highlight(body, ranges, start, end).replace(/\n/g, ' ');
    return (start > 0 ? '…' : '') + text + (end < body.length ? '…' : '');
  }

  function filtered(m, f) {
    var out = [], i, n = m.docs.length;
    if (f.pub < 0 && f.year <= 0 && f.issuer < 0) {
      out = new Array(n);
      for (i = 0; i < n; i++) out[i] = i;
      return out;
    }
    for (i = 0; i < n; i++) if (passes(m.docs[i], f)) out.push(i);
    return out;
  }
  function order(m, opts) {
    return opts.sort === 'date' ? function (a, b) { return m.docs[a] - m.docs[b]; }
      : function (a, b) { return m.score[b] - m.score[a] || m.docs[a] - m.docs[b]; };
  }
  function ranked(m, f, opts) { return filtered(m, f).sort(order(m, opts)); }
  /* The first k of idx (ascending by document) in ranking order, without sorting all. */
  function topK(m, idx, k, opts) {
    if (opts.sort === 'date' || k === 0) return idx.slice(0, k);
    var cmp = order(m, opts);
    if (k > 100) return idx.sort(cmp).slice(0, k);
    var top = [], score = m.score, docs = m.docs;
    for (var n = 0; n < idx.length; n++) {
      var i = idx[n];
      if (top.length === k) {
        // cmp(i, last) >= 0, inline
        var t = top[k - 1];
        if (score[i] < score[t] || (score[i] === score[t] && docs[i] >= docs[t])) continue;
      }
      var at = top.length;
      while (at > 0 && cmp(i, top[at - 1]) < 0) at--;
      top.splice(at, 0, i);
      if (top.length > k) top.pop();
    }
    return top;
  }
  function loaded(path) { return waiting[path] && waiting[path].done; }
  /* Whether a match in the head of a body is likely: a segment of the
     query is one of the most frequent characters (a one-byte text code). */
  function headLikely(segs) {
    return segs.some(function (s) { return s.k === 'c' && oneByteChars().indexOf(s.t) >= 0; });
  }
  /* A page of results made as their files arrive: set(n, r) records the
     result of rank n; `progress` (if any) is called with the ready prefix
     (the results of ranks 0..k-1, all made), in rank order, whenever it
     grows. An error of `progress` does not fail the query. */
  function pageOf(progress) {
    var made = [], shown = 0;
    return {
      made: made,
      set: function (n, r) {
        made[n] = r;
        var k = shown;
        while (made[k]) k++;
        if (k === shown || !progress) return;
        shown = k;
        try { progress(made.slice(0, k)); } catch (e) { setTimeout(function () { throw e; }, 0); }
      }
    };
  }
  /* The result of m.docs[i]: from its rows file with the excerpt `ex`
     of its head, or (ex null) from its chunk. */
  function resultOf(m, i, ex) {
    var d = m.docs[i], r = ex != null ? headRow(d) : docRow(d);
    return {
      url: r[0], title: r[1], doc_number: r[2] || null, issue: r[3], date: r[4] || null,
      publication: meta.pubs[r[6]][0],
      title_html: highlight(r[1], matchRanges(r[1], m.segs, 50), 0, r[1].length),
      excerpt: ex != null ? ex : excerptOf(r[7], m.segs),
      score: Math.round(m.score[i] * 1000) / 1000
    };
  }
  /* Results: the row and excerpt of each from its chunk when that is
     loaded or a match in the head is unlikely; else from its rows file
     first, and from the chunk when the head does not hold the excerpt.
     Each result is made as soon as its files have arrived, into `page`
     (whose results made already are kept). */
  function results(m, top, page) {
    var useHead = headLikely(m.segs);
    page = page || pageOf(null);
    return Promise.all(top.map(function (i, n) {
      if (page.made[n]) return null;
      var d = m.docs[i], chunk = chunkPath(d);
      function fromChunk() { page.set(n, resultOf(m, i, null)); }
      if (!useHead || loaded(chunk)) return load(chunk).then(fromChunk);
      return load(rowsPath(d)).then(function () {
        var ex = headExcerpt(headRow(d), m.segs);
        if (ex != null) page.set(n, resultOf(m, i, ex));
        else return load(chunk).then(fromChunk);
      });
    })).then(function () { return page.made.slice(0, top.length); });
  }
  /* The excerpt of a row's head, or null when it may differ from the
     excerpt of the whole body. */
  function headExcerpt(r, segs) {
    if (r[8]) return excerptOf(r[7], segs);
    var head = decodeText(r[7]), ranges = matchRanges(head, segs, 200);
    if (!ranges.length) return null;
    // The window shown, and room after it for a match that starts inside
    // it (and for the characters normalisation and word ends look at).
    var margin = 8;
    segs.forEach(function (s) { margin = Math.max(margin, 2 * s.t.length + 8); });
    if (Math.max(0, ranges[0][0] - 30) + 120 + margin > head.length) return null;
    return excerpt(head, segs);
  }
  /* {results, total, facets}; when the first results are known before the
     counts (a phrase verified against the text of many documents), total
     and facets are null and `complete` resolves to {total, facets}. */
  /* Excerpt of a coded text: when a CJK segment is found in the coded text
     itself, only a window around it is decoded. */
  function excerptOf(coded, segs) {
    // The window starts at the earliest match of any segment, as the
    // excerpt of the whole text does; a word's match is not found in the
    // coded text (word boundaries), so a query with words decodes it all.
    var at = -1;
    for (var n = 0; n < segs.length; n++) {
      if (segs[n].k !== 'c') return excerpt(decodeText(coded), segs);
      var enc = '', ok = true;
      for (var ch of segs[n].t) {
        var c = codeOf(ch);
        if (c === undefined) { ok = false; break; }
        enc += c;
      }
      var i = ok ? coded.indexOf(enc) : -1;
      if (i >= 0 && (at < 0 || i < at)) at = i;
    }
    if (at < 0) return excerpt(decodeText(coded), segs);
    var from = Math.max(0, at - 40), to = Math.min(coded.length, at + 160);
    var text = decodeText(coded.slice(from, to));
    var ex = excerpt(text, segs);
    return (from > 0 && ex.charAt(0) !== '…' ? '…' : '') + ex + (to < coded.length && ex.slice(-1) !== '…' ? '…' : '');
  }
  /* Preparing for the next keystroke, while the page is idle after a
     query's counts (none once another query has started): a character
     typed after the query's last CJK segment narrows its documents to a
     subset of the query's. When those are few, their texts are loaded (the
     next query checks its phrase in them and shows their excerpts); the
     characters that follow the segment in the texts loaded are the likely
     next keystrokes, and the shards those need are loaded, most frequent
     first. Bounded: NEXT_TEXTS texts, and NEXT_SHARDS shards or as many
     as make about NEXT_SHARD_CHARS characters at the mean size of the
     shards loaded so far (at 100,000 documents a shard is ~30 KB). */
  var gen = 0, NEXT_DOCS = 32, NEXT_TEXTS = 16, NEXT_SHARDS = 12, NEXT_SHARD_CHARS = 64 * 1024;
  var shardChars = 0, shardCount = 0;
  function prepareNext(x, f, opts, g) {
    var segs = x.segs, last = segs[segs.length - 1];
    if (!last || last.k !== 'c' || !x.docs.length) return;
    var docs;
    whenIdle(function () {
      if (g !== gen) return;
      var idx = filtered(x, f), few = idx.length <= NEXT_DOCS;
      docs = (few ? idx.sort(order(x, opts)) : topK(x, idx, 10, opts)).map(function (i) { return x.docs[i]; });
      var paths = [];
      if (few) docs.forEach(function (d) { var p = chunkPath(d); if (!waiting[p] && paths.indexOf(p) < 0) paths.push(p); });
      ensure(paths.slice(0, NEXT_TEXTS)).then(function () { if (g === gen) whenIdle(nextShards); }, function () {});
    });
    function nextShards() {
      if (g !== gen) return;
      var count = new Map(), t = last.t, t0 = now();
      docs.forEach(function (d) {
        // (Decoding texts is the cost here: a short task, whatever the texts.)
        if (!loaded(chunkPath(d)) || now() - t0 > 10) return;
        docFieldsNormalized(d).forEach(function (field) {
          for (var i = field.indexOf(t); i >= 0; i = field.indexOf(t, i + 1)) {
            // The next character, or the first of a new segment after
            // punctuation or a space.
            var e = i + t.length, c = field.codePointAt(e), sep = '';
            while (c !== undefined && !isCjk(c) && kindOf(String.fromCodePoint(c)) === null && sep.length < 2) {
              sep += String.fromCodePoint(c);
              c = field.codePointAt(e + sep.length);
            }
            if (c !== undefined && isCjk(c)) {
              var ch = (sep ? ' ' : '') + String.fromCodePoint(c);
              count.set(ch, (count.get(ch) || 0) + 1);
            }
          }
        });
      });
      var next = Array.from(count.keys()).sort(function (a, b) { return count.get(b) - count.get(a); });
      var numKey = '#' + segs.map(function (s) { return s.t; }).join(''), want = [];
      for (var n = 0; n < next.length && want.length < NEXT_SHARDS; n++) {
        var ch = next[n].trim(), seg = next[n] === ch ? { k: 'c', t: t + ch } : { k: 'c', t: ch };
        var ps = shardsOf(seg).concat(['s/' + shardOf(numKey + ch) + '.js']);
        ps.forEach(function (p) { if (!waiting[p] && want.indexOf(p) < 0) want.push(p); });
      }
      var mean = shardCount ? shardChars / shardCount : 0;
      var most = Math.min(NEXT_SHARDS, Math.max(1, Math.floor(NEXT_SHARD_CHARS / Math.max(mean, 1))));
      ensure(want.slice(0, most)).catch(function () {});
    }
  }
  function run(q, opts) {
    opts = opts || {};
    var limit = opts.limit == null ? 10 : Number(opts.limit) || Infinity;
    var page = pageOf(typeof opts.progress === 'function' ? opts.progress : null);
    taskStart = now();
    var g = ++gen;
    return match(q).then(function (m) {
      // After decoding long lists, the rest in a task of its own when
      // this one has run long already (no long task on a first query,
      // whose code may run cold).
      return busy() ? yieldTask().then(function () { return m; }) : m;
    }).then(function (m) {
      var f = filterOf(opts);
      // Counts and the issuer filter need the issuer sets of the documents.
      function counts(x) {
        var lack = lacking(x, f);
        return withFacets(lack || x.docs).then(function () {
          counted = x;
          return { total: filtered(x, f).length, facets: facetCounts(x, f, lack) };
        });
      }
      // Whether the counts need no file that is not loaded yet.
      function countsReady(x) { return facetPaths(lacking(x, f) || x.docs).every(loaded); }
      function filterReady(x) { return f.issuer >= 0 ? withFacets(x.docs) : Promise.resolve(); }
      // Once the results and their counts are known (not before: that
      // would delay them), the engine prepares for the next keystroke.
      var counted = null;
      function prepared(out) {
        (out.complete || Promise.resolve()).then(function () {
          if (counted) prepareNext(counted, f, opts, g);
        }, function () {});
        return out;
      }
      if (!m.pending || limit === Infinity) {
        return exact(m).then(function (x) {
          return filterReady(x).then(function () {
            var top = limit === Infinity ? ranked(x, f, opts) : topK(x, filtered(x, f), limit, opts);
            // A first page does not wait for the issuer sets the counts
            // need: they are loaded after its results, in a later task.
            if (limit !== Infinity && !countsReady(x)) {
              return results(x, top, page).then(function (r) {
                return prepared({ results: r, total: null, facets: null, complete: later(function () { return counts(x); }) });
              });
            }
            return Promise.all([counts(x), results(x, top, page)]).then(function (cr) {
              return prepared({ results: cr[1], total: cr[0].total, facets: cr[0].facets });
            });
          });
        });
      }
      return filterReady(m).then(function () {
        // Each confirmed result is made at once (its chunk is loaded).
        return confirm(m, ranked(m, f, opts), limit, function (i, n) {
          if (loaded(chunkPath(m.docs[i]))) page.set(n, resultOf(m, i, null));
        });
      }).then(function (top) {
        return results(m, top, page).then(function (r) {
          return prepared({ results: r, total: null, facets: null, complete: later(function () { return exact(m); }).then(counts) });
        });
      });
    });
  }
  /* Like run, but waits for the counts. */
  function runExact(q, opts) {
    return run(q, opts).then(function (r) {
      if (!r.complete) return r;
      return r.complete.then(function (c) { return { results: r.results, total: c.total, facets: c.facets }; });
    });
  }
  G.search = function (q, opts) { return run(q, opts); };
  G.query = function (q, opts) {
    return run(q, opts).then(function (r) {
      r.results.total = r.total;
      r.results.facets = r.facets;
      if (r.complete) r.results.complete = r.complete;
      return r.results;
    });
  };
  G.searchExact = runExact;
  G.facets = function (q, opts) { return runExact(q, Object.assign({}, opts, { limit: 1 })).then(function (r) { return r.facets; }); };
  /* Forget everything loaded (tests measure cold queries with it). */
  G._reset = function () {
    shards = {}; rows = {}; chunks = {}; waiting = {}; meta = null;
    segCache.clear(); normCache.clear(); known.clear(); G.loaded = []; G.loadTimes = {};
    gen++;
  };
  /* Prepares for a first query while the page is idle: loads and decodes
     the metadata and initialises the browser's Unicode normalisation. */
  G.warm = function () {
    normalize('\uff21\u3000');
    return G.ready().then(function (m) {
      charTable(); facetMeta();
      return exercise().then(function () { return m; });
    });
  };

  /* Runs the code a query runs (decoding lists, AND, ranking, counts,
     excerpts) on made-up inputs of the index's sizes, in a few short
     tasks while the page is idle: a first query then runs compiled code
     rather than cold code, which is most of its time apart from loading
     files. Nothing it makes is kept, and no file is loaded for it. */
  var exercised = null;
  function exercise() {
    if (exercised) return exercised;
    var m = meta, CODE = [];
    for (var c = 0x20; c <= 0x7e; c++) if (DIG[c] >= 0) CODE[DIG[c]] = String.fromCharCode(c);
    function list(n, every) {
      // Varints below 46 (one digit each): gaps of `every`, impacts 0..5.
      var out = [];
      for (var i = 0; i < n; i++) out.push(CODE[(every - 1) * 8 + (i % 6)]);
      return out.join('');
    }
    var made = {};
    var steps = [
      // (Lists of at most a few thousand postings: enough for the
      // compiler, short tasks at 100,000 documents too.)
      function () {
        var bits = [], len = Math.ceil(m.n / 6);
        for (var i = 0; i < len; i++) bits.push(CODE[(i * 37) & 63]);
        made.a = postings('\\' + bits.join('') + list(Math.min(200, m.n >> 4), 3));
      },
      function () {
        made.b = postings(list(Math.min(4000, m.n >> 2), 4));
        made.c = postings(list(Math.min(2000, m.n >> 3), 5));
      },
      function () {
        made.m = andLists([made.a, made.b]);
        made.p = andLists([made.c, { docs: made.a.docs, imp: made.a.imp, pending: '\u4e00\u4e00\u4e00', df: made.a.docs.length }]);
      },
      function () {
        var f = filterOf({}), x = made.m, y = made.p;
        topK(x, filtered(x, f), 10, {});
        topK(y, ranked(y, f, {}), 10, {});
        topK(x, filtered(x, filterOf({ year: m.years[0] })), 10, {});
        facetPaths(x.docs);
        facetCounts(x, f, lacking(made.a.docs.length * 2 > m.n ? made.a : x, f));
        facetCounts(y, f, null);
      },
      function () {
        var coded = [], r;
        for (r = 0; r < 400; r++) coded.push(textCode((r * 7) % Math.min(m.chars.length, 2500)));
        coded = coded.join('');
        var text = decodeText(coded), cs = Array.from(text);
        hanSources().test(coded);
        hanCode(cs[200] + cs[201]);
        var segs = segments(cs[200] + cs[201]);
        for (r = 0; r < 3; r++) {
          excerptOf(coded, segs);
          excerpt(text.slice(0, 240), segs);
          highlight(text.slice(0, 30), matchRanges(text.slice(0, 30), segs, 50), 0, 30);
          headLikely(segs);
          segments(text.slice(0, 20) + ' GDP ２０２６');
          normalize(text);
          shardsOf(segs[0]).concat(keysOf({ k: 'c', t: text.slice(0, 6) }));
        }
      }
    ];
    var g = gen;
    exercised = new Promise(function (resolve) {
      (function next(i) {
        // A query that starts meanwhile runs its own code: stop here.
        if (i >= steps.length || meta !== m || gen !== g) return resolve();
        var t = now();
        try { steps[i](); } catch (e) { /* only a warm-up */ }
        G.warmTimes.push(Math.round((now() - t) * 10) / 10);
        setTimeout(function () { next(i + 1); }, 0);
      })(0);
    });
    return exercised;
  }
  G.ready = function () { return load('meta.js').then(function () { return meta; }); };
  G.escape = esc;
})();

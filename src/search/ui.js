/* gazette search page UI. Load after gazette-search.js:
 *   <script src="../search/gazette-search.js"></script>
 *   <script src="../search/gazette-search-ui.js"></script>
 *
 * Elements it expects (by id; only the first two are required):
 *   #search-input        <input>  the query; results update as you type
 *   #search-results      <ol>     one <li class="search-result"> per result:
 *                                  <a class="search-result-title" href>title</a>
 *                                  <div class="search-result-meta">doc number · issue · date</div>
 *                                  <p class="search-result-excerpt">excerpt with <mark></p>
 *   #search-status       any      "N results" / the "no results" message (aria-live)
 *   #search-publication  <select> filter by publication, options with counts
 *   #search-year         <select> filter by year, options with counts
 *   #search-issuer       <select> filter by issuer, options with counts
 *   #search-sort         <select> "score" (default) or "date"
 *   #search-more         <button> shows more results (hidden when all are shown)
 * The page URL carries the state: ?q=&publication=&year=&issuer=&sort=
 * Keys: ArrowDown/ArrowUp move through the results, Enter opens the selected
 * one (the first if none is selected), Escape clears the selection.
 * The results list gets data-state="idle|loading|results|empty|error", and
 * data-counts="pending" while the counts and filter options of the results
 * shown are still to come ("done" once they are shown). Results appear as
 * they become ready, in rank order (the engine's `progress`): while a page
 * is still "loading", its first results may be shown already.
 */
(function () {
  'use strict';
  function $(id) { return document.getElementById(id); }
  function start() {
    var G = window.GazetteSearch;
    var input = $('search-input'), list = $('search-results');
    if (!G || !input || !list) return;
    var status = $('search-status'), more = $('search-more');
    var filters = { publication: $('search-publication'), year: $('search-year'), issuer: $('search-issuer') };
    var sortSel = $('search-sort');
    var state = { q: '', publication: '', year: '', issuer: '', sort: '' };
    var pageSize = 20, limit = pageSize, seq = 0, active = -1;
    var ALL = { publication: '全部刊物', year: '全部年份', issuer: '全部发文机关' };

    var params = new URLSearchParams(location.search);
    Object.keys(state).forEach(function (k) { state[k] = params.get(k) || ''; });
    input.value = state.q;
    if (sortSel) sortSel.value = state.sort || 'score';

    function writeUrl() {
      var p = new URLSearchParams();
      Object.keys(state).forEach(function (k) { if (state[k]) p.set(k, state[k]); });
      var s = p.toString();
      try { history.replaceState(null, '', location.pathname + (s ? '?' + s : '') + location.hash); } catch (e) { /* file:// in some browsers */ }
    }
    function setStatus(text) { if (status) status.textContent = text; }
    function el(tag, cls, text) {
      var e = document.createElement(tag);
      if (cls) e.className = cls;
      if (text != null) e.textContent = text;
      return e;
    }
    function fillFilter(name, entries) {
      var sel = filters[name];
      if (!sel) return;
      var cur = state[name];
      sel.textContent = '';
      var all = el('option', null, ALL[name]);
      all.value = '';
      sel.appendChild(all);
      var seen = false;
      entries.forEach(function (e) {
        var value = String(e[0]), label = name === 'publication' ? e[1] : String(e[0]), count = e[e.length - 1];
        var o = el('option', null, label + ' (' + count + ')');
        o.value = value;
        if (value === cur) { o.selected = true; seen = true; }
        sel.appendChild(o);
      });
      if (cur && !seen) {
        var o = el('option', null, cur + ' (0)');
        o.value = cur;
        o.selected = true;
        sel.appendChild(o);
      }
      sel.disabled = !entries.length && !cur;
    }
    function select(i) {
      var items = list.querySelectorAll('li.search-result');
      if (!items.length) { active = -1; return; }
      active = Math.max(-1, Math.min(items.length - 1, i));
      items.forEach(function (li, j) {
        li.classList.toggle('active', j === active);
        li.setAttribute('aria-selected', j === active ? 'true' : 'false');
      });
      if (active >= 0) {
        items[active].scrollIntoView({ block: 'nearest' });
        input.setAttribute('aria-activedescendant', items[active].id);
      } else input.removeAttribute('aria-activedescendant');
    }
    // The list shows the results of one query (shownKey: its text,
    // filters and sort), the first `rendered` of its ranking: results are
    // only ever appended, so a page that grows (progress, or "more")
    // neither flickers nor reorders; the first paint of another query
    // replaces the list.
    var painted = 0, shownKey = null, rendered = 0;
    function keyOf() {
      return [state.q, state.publication, state.year, state.issuer, state.sort].join('\u0000');
    }
    function itemOf(x, i) {
      var li = el('li', 'search-result');
      li.id = 'search-result-' + i;
      li.setAttribute('role', 'option');
      var a = el('a', 'search-result-title');
      a.href = G.root + x.url;
      a.innerHTML = x.title_html; // escaped by the engine, <mark> only
      li.appendChild(a);
      var meta = [x.doc_number, x.issue, x.date].filter(Boolean).join(' · ');
      li.appendChild(el('div', 'search-result-meta', meta));
      var p = el('p', 'search-result-excerpt');
      p.innerHTML = x.excerpt; // escaped by the engine, <mark> only
      li.appendChild(p);
      li.addEventListener('mousemove', function () { if (active !== i) select(i); });
      return li;
    }
    function clear() {
      list.textContent = '';
      rendered = 0;
      shownKey = null;
      active = -1;
      input.removeAttribute('aria-activedescendant');
    }
    /* Shows the results `res` of the query of run `my` (a prefix of its
       page, or all of it); true when that replaced the list. */
    function paint(res, my, key) {
      var replaced = false;
      if (painted !== my) {
        painted = my;
        if (key !== shownKey || list.querySelector('.search-empty')) { clear(); replaced = true; }
        shownKey = key;
      }
      for (; rendered < res.length; rendered++) list.appendChild(itemOf(res[rendered], rendered));
      return replaced;
    }
    /* The first results of run `my`, before the rest of its page (the
       list of the same query, when only the page grows, stays as it is). */
    function progress(res, my, key) {
      if (paint(res, my, key)) {
        setStatus('正在搜索…');
        if (more) more.hidden = true;
      }
    }
    function render(r, my, key) {
      paint(r.results, my, key);
      while (rendered > r.results.length) {
        list.removeChild(list.querySelectorAll('li.search-result')[--rendered]);
        if (active >= rendered) select(-1);
      }
      list.dataset.state = r.results.length ? 'results' : 'empty';
      if (!r.results.length) {
        clear();
        var li = el('li', 'search-empty', '没有找到与“' + state.q + '”相关的文件。请检查用字，或减少筛选条件。');
        list.appendChild(li);
        setStatus('没有结果');
      }
      if (r.total == null) {
        // First results are shown; the counts follow.
        if (r.results.length) setStatus('正在统计结果…');
        if (more) more.hidden = r.results.length < limit;
        list.dataset.counts = 'pending';
        r.complete.then(function (c) {
          if (my === seq) counts(r.results.length, c.total, c.facets);
        }, function () {}).then(function () { if (my === seq) list.dataset.counts = 'done'; });
      } else counts(r.results.length, r.total, r.facets);
    }
    function counts(shown, total, facets) {
      list.dataset.counts = 'done';
      if (total) setStatus('共 ' + total + ' 条结果' + (total > shown ? '，显示前 ' + shown + ' 条' : ''));
      if (more) more.hidden = total <= shown;
      ['publication', 'year', 'issuer'].forEach(function (k) { fillFilter(k, facets[k]); });
    }
    function run() {
      var my = ++seq;
      writeUrl();
      if (!state.q.trim()) {
        clear();
        list.dataset.state = 'idle';
        list.dataset.counts = 'done';
        setStatus('');
        if (more) more.hidden = true;
        return;
      }
      list.dataset.state = 'loading';
      var key = keyOf();
      G.search(state.q, {
        limit: limit, publication: state.publication, year: state.year, issuer: state.issuer,
        sort: state.sort === 'date' ? 'date' : 'score',
        // (A stale query's results never paint over a newer one's.)
        progress: function (res) { if (my === seq) progress(res, my, key); }
      }).then(function (r) {
        if (my === seq) render(r, my, key);
      }, function (e) {
        if (my !== seq) return;
        list.dataset.state = 'error';
        list.dataset.counts = 'done';
        setStatus('搜索索引无法加载：' + e.message);
      });
    }

    input.addEventListener('input', function () {
      state.q = input.value;
      limit = pageSize;
      run();
    });
    input.addEventListener('keydown', function (e) {
      var items = list.querySelectorAll('li.search-result');
      if (e.key === 'ArrowDown') { e.preventDefault(); select(active + 1); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); select(active - 1); }
      else if (e.key === 'Escape') { select(-1); }
      else if (e.key === 'Enter') {
        var i = active >= 0 ? active : 0;
        if (items[i]) { e.preventDefault(); items[i].querySelector('a').click(); }
      }
    });
    list.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        select(active + (e.key === 'ArrowDown' ? 1 : -1));
        var items = list.querySelectorAll('li.search-result a');
        if (items[active]) items[active].focus();
      }
    });
    Object.keys(filters).forEach(function (k) {
      if (filters[k]) filters[k].addEventListener('change', function () {
        state[k] = filters[k].value;
        limit = pageSize;
        run();
      });
    });
    if (sortSel) sortSel.addEventListener('change', function () { state.sort = sortSel.value === 'date' ? 'date' : ''; run(); });
    if (more) more.addEventListener('click', function () { limit += pageSize; run(); });
    var form = input.form;
    if (form) form.addEventListener('submit', function (e) { e.preventDefault(); state.q = input.value; run(); });
    if (!state.q.trim() && G.warm) G.warm().catch(function () {});
    list.setAttribute('role', 'listbox');
    list.dataset.state = 'idle';
    run();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();

namespace Hindsight.Reports.Html;

/// <summary>
/// The page's fixed parts: its policy, style and the one small script of our own (open a session from a link, search the
/// sessions: ranked, highlighted). The Content-Security-Policy forbids every fetch: a page opened from disk loads nothing.
/// </summary>
internal static class HtmlPage
{
    public const string Head = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark">
        <meta name="generator" content="hindsight report html">
        """;

    public const string Style = """
        <style>
        :root { --bg: #ffffff; --fg: #1d1f23; --muted: #5d6470; --line: #d9dde3; --card: #f5f7fa; --human: #eef4ff; --assistant: #f6f6f6;
                --del: #ffd7d5; --ins: #c9f2d0; --dead: #fff1c2; --accent: #1f6feb; }
        @media (prefers-color-scheme: dark) {
          :root { --bg: #15171a; --fg: #e4e6ea; --muted: #9aa3ad; --line: #30353c; --card: #1e2126; --human: #1a2433; --assistant: #202226;
                  --del: #5c2424; --ins: #1f4a2a; --dead: #4a3d12; --accent: #58a6ff; }
          /* The charts are drawn once, on white: inverted for the dark scheme, hues kept. */
          figure.chart svg { filter: invert(0.88) hue-rotate(180deg); }
        }
        body { background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 1880px; padding: 16px 24px; }
        h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
        .muted { color: var(--muted); }
        .cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
        .card { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 150px; }
        .card b { display: block; font-size: 20px; }
        .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(620px, 1fr)); gap: 12px; }
        figure.chart { margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 4px; overflow: hidden; }
        figure.chart svg { width: 100%; height: auto; display: block; }
        table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
        th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
        td.n, th.n { text-align: right; }
        a { color: var(--accent); }
        input#search { font: inherit; padding: 6px 10px; width: 420px; max-width: 100%; background: var(--card); color: var(--fg); border: 1px solid var(--line); border-radius: 6px; }
        details.session { border: 1px solid var(--line); border-radius: 6px; margin: 8px 0; padding: 6px 10px; }
        details.session > summary { cursor: pointer; font-weight: 600; }
        .msg { margin: 8px 0; padding: 6px 10px; border-radius: 6px; white-space: pre-wrap; overflow-wrap: anywhere; }
        .msg .who { font-size: 12px; color: var(--muted); display: block; white-space: normal; }
        .human { background: var(--human); } .assistant { background: var(--assistant); }
        .dead { background: var(--dead); }
        .diff del { background: var(--del); text-decoration: line-through; } .diff ins { background: var(--ins); text-decoration: none; }
        .badge { font-size: 11px; border: 1px solid var(--line); border-radius: 8px; padding: 0 6px; margin-left: 6px; }
        details.tool, details.thinking { margin: 4px 0 4px 12px; font-size: 13px; }
        details.tool pre, details.thinking pre { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--card); padding: 6px; margin: 4px 0; }
        details.tool.error > summary { color: #d1242f; }
        .subagent { border-left: 3px solid var(--accent); margin-left: 16px; padding-left: 10px; }
        ::highlight(search) { background: #ffe066; color: #000; }
        </style>
        </head>
        <body>
        """;

    public const string Script = """
        <script>
        (function () {
          // A link to #s-N opens that session.
          function openTarget() {
            var id = decodeURIComponent(location.hash.slice(1));
            var target = id && document.getElementById(id);
            if (target && target.tagName === 'DETAILS') { target.open = true; target.scrollIntoView(); }
          }
          window.addEventListener('hashchange', openTarget);
          openTarget();
          // Search over the embedded sessions' text: every term must match (a word, a "quoted phrase", a prefix*),
          // the sessions that match are ranked by BM25 over their words and the matches highlighted (CSS highlights:
          // the page's text is not rewritten). `hindsight search` does the same over every session, with Lucene.
          var box = document.getElementById('search');
          var count = document.getElementById('search-count');
          var sessions = Array.prototype.slice.call(document.querySelectorAll('details.session'));
          var end = sessions.length ? sessions[sessions.length - 1].nextSibling : null;
          var WORD = /[\p{L}\p{N}_]+/gu;
          var docs = null;
          function index() {
            // Built on the first query, not on load: a page that is only looked at never pays for it.
            if (docs) return docs;
            docs = sessions.map(function (session) {
              var words = session.textContent.toLowerCase().match(WORD) || [];
              var counts = new Map();
              words.forEach(function (w) { counts.set(w, (counts.get(w) || 0) + 1); });
              return { session: session, words: words, text: ' ' + words.join(' ') + ' ', counts: counts };
            });
            return docs;
          }
          function parse(query) {
            var terms = [], re = /"([^"]*)"?|(\S+)/g, m;
            while ((m = re.exec(query.toLowerCase())) !== null) {
              var phrase = m[1] !== undefined;
              var words = (m[1] !== undefined ? m[1] : m[2]).match(WORD) || [];
              if (!words.length) continue;
              if (phrase && words.length > 1) { terms.push({ kind: 'phrase', words: words }); continue; }
              var prefix = !phrase && /\*$/.test(m[2]) && words.length === 1;
              if (prefix) { terms.push({ kind: 'prefix', words: words }); continue; }
              words.forEach(function (w) { terms.push({ kind: 'word', words: [w] }); });
            }
            return terms;
          }
          function frequency(doc, term) {
            if (term.kind === 'word') return doc.counts.get(term.words[0]) || 0;
            if (term.kind === 'prefix') {
              var n = 0;
              doc.counts.forEach(function (c, w) { if (w.indexOf(term.words[0]) === 0) n += c; });
              return n;
            }
            var needle = ' ' + term.words.join(' ') + ' ', n2 = 0, at = doc.text.indexOf(needle);
            while (at >= 0) { n2++; at = doc.text.indexOf(needle, at + 1); }
            return n2;
          }
          function pattern(term) {
            var escaped = term.words.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); });
            var body = term.kind === 'phrase' ? escaped.join('[^\\p{L}\\p{N}_]+') : escaped[0] + (term.kind === 'prefix' ? '[\\p{L}\\p{N}_]*' : '');
            return '(?<![\\p{L}\\p{N}_])' + body + '(?![\\p{L}\\p{N}_])';
          }
          function highlight(matched, terms) {
            if (!window.CSS || !CSS.highlights || typeof Highlight === 'undefined') return;
            CSS.highlights.delete('search');
            if (!terms.length) return;
            var re = new RegExp(terms.map(pattern).join('|'), 'giu'), ranges = [];
            matched.forEach(function (doc) {
              var walker = document.createTreeWalker(doc.session, NodeFilter.SHOW_TEXT), node, m;
              while ((node = walker.nextNode()) && ranges.length < 5000) {
                re.lastIndex = 0;
                while ((m = re.exec(node.data)) !== null && ranges.length < 5000) {
                  var range = new Range();
                  range.setStart(node, m.index);
                  range.setEnd(node, m.index + m[0].length);
                  ranges.push(range);
                  if (!m[0].length) re.lastIndex++;
                }
              }
            });
            CSS.highlights.set('search', new Highlight(...ranges));
          }
          function search() {
            var terms = parse(box.value.trim());
            var all = index();
            var matched = [];
            if (terms.length) {
              var avg = all.reduce(function (sum, d) { return sum + d.words.length; }, 0) / Math.max(1, all.length);
              var tf = all.map(function (doc) { return terms.map(function (t) { return frequency(doc, t); }); });
              var df = terms.map(function (_, i) { return tf.filter(function (f) { return f[i] > 0; }).length; });
              all.forEach(function (doc, d) {
                if (!tf[d].every(function (f) { return f > 0; })) return;
                var norm = 1.2 * (0.25 + 0.75 * doc.words.length / Math.max(1, avg));
                doc.score = tf[d].reduce(function (sum, f, i) {
                  var idf = Math.log(1 + (all.length - df[i] + 0.5) / (df[i] + 0.5));
                  return sum + idf * f * 2.2 / (f + norm);
                }, 0);
                matched.push(doc);
              });
              matched.sort(function (a, b) { return b.score - a.score; });
            }
            var order = terms.length ? matched.concat(all.filter(function (d) { return matched.indexOf(d) < 0; })) : all;
            order.forEach(function (doc) {
              doc.session.hidden = terms.length > 0 && matched.indexOf(doc) < 0;
              doc.session.parentNode.insertBefore(doc.session, end);
            });
            highlight(matched, terms);
            count.textContent = terms.length ? matched.length + ' of ' + sessions.length + ' sessions contain it' : '';
          }
          box.addEventListener('input', search);
        })();
        </script>
        </body>
        </html>
        """;
}

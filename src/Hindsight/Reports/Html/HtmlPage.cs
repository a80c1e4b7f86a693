namespace Hindsight.Reports.Html;

/// <summary>
/// The page's fixed parts: its policy, style and the one small script of our own (open a session from a link, filter the
/// sessions by a substring). The Content-Security-Policy forbids every fetch: a page opened from disk loads nothing.
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
          // The sessions whose text holds what is typed (case-insensitive substring); the search helper's index can replace it.
          var box = document.getElementById('search');
          var count = document.getElementById('search-count');
          var sessions = Array.prototype.slice.call(document.querySelectorAll('details.session'));
          box.addEventListener('input', function () {
            var query = box.value.trim().toLowerCase();
            var shown = 0;
            sessions.forEach(function (session) {
              var hit = !query || session.textContent.toLowerCase().indexOf(query) >= 0;
              session.hidden = !hit;
              if (hit) shown++;
            });
            count.textContent = query ? shown + ' of ' + sessions.length + ' sessions contain it' : '';
          });
        })();
        </script>
        </body>
        </html>
        """;
}

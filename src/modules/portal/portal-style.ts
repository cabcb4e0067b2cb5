/** The portal's stylesheet (served as /portal/portal.css; the brand colour is /portal/brand.css). */
export const portalStylesheet = `
:root { --brand: #1f5fa8; --text: #1c1e21; --muted: #50565e; --line: #d5d9de; --bg: #ffffff; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--text); background: var(--bg); }
a { color: var(--brand); }
a:focus, button:focus, input:focus, textarea:focus, select:focus { outline: 3px solid var(--brand); outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
header.site { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; justify-content: space-between; padding: 12px 16px; border-bottom: 4px solid var(--brand); }
header.site .brand { display: flex; gap: 8px; align-items: center; font-weight: 700; text-decoration: none; color: var(--text); }
header.site nav { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
main { max-width: 860px; margin: 0 auto; padding: 16px; }
footer.site { border-top: 1px solid var(--line); color: var(--muted); padding: 8px 16px; font-size: 14px; }
ul.list { list-style: none; padding: 0; margin: 0; }
ul.list > li { border-bottom: 1px solid var(--line); padding: 12px 0; }
.meta { color: var(--muted); font-size: 14px; }
.badge { display: inline-block; border: 1px solid var(--muted); border-radius: 4px; padding: 0 6px; font-size: 13px; color: var(--text); }
.badge.staff { border-color: var(--brand); }
article.post { border: 1px solid var(--line); border-radius: 6px; padding: 12px; margin: 12px 0; }
article.post.accepted { border: 2px solid #1d7a35; }
article.post .body { overflow-wrap: anywhere; }
article.post pre { overflow-x: auto; background: #f4f5f7; padding: 8px; }
form.inline { display: inline; }
label { display: block; font-weight: 600; margin-top: 8px; }
input[type=text], input[type=email], input[type=search], textarea, select { font: inherit; padding: 6px; border: 1px solid var(--muted); border-radius: 4px; max-width: 100%; }
input[type=text], input[type=email], textarea { width: 100%; }
textarea { min-height: 8em; }
button { font: inherit; padding: 6px 12px; border: 1px solid var(--brand); border-radius: 4px; background: #fff; color: var(--text); cursor: pointer; }
button.primary { background: var(--brand); color: #fff; }
mark { background: #fff3a3; color: inherit; }
nav.pages { display: flex; gap: 16px; margin: 16px 0; }
.notice { border-left: 4px solid var(--brand); padding: 8px 12px; background: #f4f5f7; }
`;

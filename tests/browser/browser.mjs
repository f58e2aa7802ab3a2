// tests/browser/browser.mjs: cgidump behind a real server, in a real browser.
//
//	node tests/browser/browser.mjs SERVERDIR WORKDIR RESULTS [SCENARIO...]
//
// SERVERDIR is what `tests/servers/serve.sh start lighttpd SERVERDIR` made:
// SERVERDIR/url holds the base URL, SERVERDIR/www is the document root
// (static .html served as text/html, cgidump at /cgi-bin/cgidump).  The
// form pages are written there; WORKDIR holds the files to upload.  Each
// scenario (all without SCENARIO) leaves RESULTS/NAME.ok or RESULTS/NAME.fail
// and RESULTS/NAME.log; browser.bats reads them, one test per scenario.
// Screenshots go to $CGIDUMP_ARTIFACTS (default: artifacts/ beside this
// file).  Headless Chromium is Debian's /usr/bin/chromium, driven by
// playwright-core; no browser is ever downloaded.
//
// The point is that the browser, not the test, builds each request: the
// test fills a real form and clicks its submit button, then reads what
// cgidump shows, as JSON and as the HTML page a person would see.
//
// Every wait is bounded: Playwright's timeouts, a time limit per scenario,
// and a watchdog that ends the process (and with it the browser).

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
	'--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
	'--no-first-run', '--disable-background-networking',
	'--disable-component-update', '--disable-sync',
];
const STEP_TIMEOUT = 10000;	// one Playwright action or navigation
const SCENARIO_TIMEOUT = 30000;	// one scenario
const WATCHDOG = 100000;	// everything

const [serverDir, workDir, resultsDir, ...wanted] = process.argv.slice(2);
if (!serverDir || !workDir || !resultsDir) {
	console.error('usage: node browser.mjs SERVERDIR WORKDIR RESULTS [SCENARIO...]');
	process.exit(2);
}
const artifactsDir = process.env.CGIDUMP_ARTIFACTS ||
    path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts');
setTimeout(() => {
	console.error(`browser.mjs: not done after ${WATCHDOG / 1000} s, giving up`);
	process.exit(3);
}, WATCHDOG).unref();

const BASE = fs.readFileSync(path.join(serverDir, 'url'), 'utf8').trim().replace(/\/$/, '');
const WWW = path.join(serverDir, 'www');

// What a scenario has to say (RESULTS/NAME.log, shown when its test fails).
let notes = [];
const note = (s) => notes.push(s);

// ---------------------------------------------------------------- helpers

const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex');

function esc(s) {
	return String(s).replace(/[&<>"']/g, (c) => ({
		'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
	})[c]);
}

// What cgidump's HTML shows for a value: control bytes as a visible
// \xNN (a line feed keeps its line break too); see src/escape.c.
function shown(s) {
	return s.replace(/[\x00-\x1f\x7f]/g, (c) => '\\x' +
	    c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0') +
	    (c === '\n' ? '\n' : ''));
}

// Names in the HTML page's Form Contents are sorted by their bytes.
const byteOrder = (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b));

// A page of ours, served by lighttpd as a static file.  The empty icon
// spares a favicon request (and its 404 in the console).
function writePage(name, body) {
	fs.writeFileSync(path.join(WWW, name), `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(name)}</title>
<link rel="icon" href="data:,"></head>
<body>
${body}
</body></html>
`, { mode: 0o644 });
	return `${BASE}/${name}`;
}

// One browser for all scenarios (starting Chromium and loading
// Playwright cost more than a scenario); each page gets a fresh context
// (its own cookies, cache, viewport), closed when its scenario ends.
let BROWSER;
let contexts = [];
const withBrowser = (fn) => fn(BROWSER);

// Every HTML page cgidump answers goes to tests/run.sh's collection
// (CGIDUMP_HTML_DIR), for the Nu Html Checker (tests/html.bats).
let htmlKept = 0;
function keepHtml(page) {
	const dir = process.env.CGIDUMP_HTML_DIR;
	if (!dir)
		return;
	page.on('response', async (resp) => {
		// cgidump's own pages: not the server's error pages.
		const h = resp.headers();
		if (!(h['content-type'] ?? '').startsWith('text/html') ||
		    !(h['content-security-policy'] ?? '').includes("default-src 'none'"))
			return;
		try {
			fs.writeFileSync(path.join(dir, `browser-${++htmlKept}.html`),
			    await resp.body());
		} catch {
			/* a page closed before its body was read: nothing to keep */
		}
	});
}

async function newPage(browser, options = {}) {
	const context = await browser.newContext(options);
	contexts.push(context);
	const page = await context.newPage();
	keepHtml(page);
	page.setDefaultTimeout(STEP_TIMEOUT);
	page.setDefaultNavigationTimeout(STEP_TIMEOUT);
	return page;
}

// Everything a page does that it should not: dialogs (dismissed at once),
// console messages, uncaught errors, and every request it makes.
function watch(page) {
	const seen = { dialogs: [], console: [], errors: [], requests: [] };
	page.on('dialog', (d) => {
		seen.dialogs.push(`${d.type()}: ${d.message()}`);
		d.dismiss().catch(() => {});
	});
	page.on('console', (m) => {
		// Chromium's own request for /favicon.ico (a 404 here) is
		// logged against the page; it is not the page's doing.
		if (m.location().url === `${BASE}/favicon.ico`)
			return;
		seen.console.push(`${m.type()}: ${m.text()} @ ${m.location().url}`);
	});
	page.on('pageerror', (e) => seen.errors.push(String(e)));
	page.on('request', (r) => seen.requests.push(r.url()));
	return seen;
}

// Click the submit button and wait for the answer to the browser's own
// request; returns the Playwright Response of that navigation.
async function submit(page) {
	const [resp] = await Promise.all([
		page.waitForResponse((r) => r.request().isNavigationRequest() &&
		    r.request().frame() === page.mainFrame()),
		page.click('button[type=submit]'),
	]);
	// The answer has come; wait until it is the page on show (the
	// form page is loaded too, so waitForLoadState alone could return
	// before the new page replaces it).
	await page.waitForURL((u) => u.href === resp.url(), { waitUntil: 'load' });
	return resp;
}

// -------------------------------------------------------- the big form

const TEXT = 'Joe Blow & co = 100% +1; a<b';
// The unicode must survive urlencoding, multipart and the JSON/HTML
// escaping: é ü (2 bytes), 日本 (3 bytes), 🙂 (4 bytes, a surrogate pair
// in JavaScript).
const TEXTAREA = 'line1\nline2 "quoted" \'single\' é ü 日本 🙂';
// A browser submits a textarea's line breaks as CRLF (HTML: "the
// textarea wrapping transformation" and newline normalization in form
// submission), in every encoding.
const TEXTAREA_SENT = TEXTAREA.replace(/\n/g, '\r\n');
// lighttpd refuses a URL holding an encoded control character (its
// default server.http-parseopts "url-ctrls-reject"): a GET form whose
// textarea holds a line break gets 400 before cgidump runs (the
// get-newline scenario shows it), so the GET form's textarea is one line.
const TEXTAREA_GET = 'line1 line2 "quoted" \'single\' é ü 日本 🙂';

function makeUploads() {
	const dir = path.join(workDir, 'uploads');
	fs.mkdirSync(dir, { recursive: true });
	// A text file: its preview is text.
	const text = Buffer.from('first file: é ü 日本 🙂 "quoted"\r\n' +
	    crypto.randomBytes(3000).toString('base64') + '\n');
	// Random bytes: its preview is hex (a NUL first makes sure of it).
	const bin = crypto.randomBytes(200003);
	bin[0] = 0;
	const files = [
		{ name: 'my "quoted" file é.txt', data: text, type: 'text/plain' },
		{ name: 'second 日本.bin', data: bin, type: 'application/octet-stream' },
	];
	for (const f of files) {
		f.path = path.join(dir, f.name);
		fs.writeFileSync(f.path, f.data);
	}
	return files;
}

function bigForm({ method, enctype, action }) {
	return `<h1>cgidump browser test</h1>
<form method="${method}"${enctype ? ` enctype="${enctype}"` : ''} action="${esc(action)}">
<p><label>Text <input type="text" name="text" id="text"></label></p>
<p><label>Prénom <input type="text" name="prénom" id="prenom"></label></p>
<p><label>Comment <textarea name="comment" id="comment" rows="3" cols="40"></textarea></label></p>
<p>Colours
<label><input type="checkbox" name="colour" value="red" id="red"> red</label>
<label><input type="checkbox" name="colour" value="green" id="green"> green</label>
<label><input type="checkbox" name="colour" value="blue" id="blue"> blue</label></p>
<p><label>Sizes <select name="size" id="size" multiple>
<option>S</option><option>M</option><option>L</option><option>XL</option>
</select></label></p>
<p><label>Files <input type="file" name="files" id="files" multiple></label></p>
<p><label>Nothing <input type="file" name="nothing" id="nothing"></label></p>
<p><button type="submit" name="go" value="send">Send</button></p>
</form>`;
}

async function fillBigForm(page, files, textarea) {
	await page.fill('#text', TEXT);
	await page.fill('#prenom', 'Zoë');
	await page.fill('#comment', textarea);
	await page.check('#red');
	await page.check('#blue');		// green stays unchecked
	assert.equal(await page.isChecked('#green'), false);
	// Given out of order: the browser sends them in the options' order.
	await page.selectOption('#size', ['XL', 'M']);
	await page.setInputFiles('#files', files.map((f) => f.path));
	// #nothing: left empty
}

const ENCODINGS = {
	multipart: { method: 'post', enctype: 'multipart/form-data' },
	urlencoded: { method: 'post', enctype: 'application/x-www-form-urlencoded' },
	get: { method: 'get' },
};

// What cgidump must report, in arrival order.
function expectedForm(kind, files) {
	const v = (name, value, source = 'body') => ({ name, source, value });
	const form = [];
	// A POST keeps the query of its action; a GET form replaces it
	// (HTML: "mutate action URL").
	if (kind !== 'get')
		form.push(v('from', 'action url', 'query'));
	const source = kind === 'get' ? 'query' : 'body';
	form.push(v('text', TEXT, source), v('prénom', 'Zoë', source),
	    v('comment', kind === 'get' ? TEXTAREA_GET : TEXTAREA_SENT, source),
	    v('colour', 'red', source), v('colour', 'blue', source),
	    v('size', 'M', source), v('size', 'XL', source));
	if (kind === 'multipart') {
		// Each part's headers as Chromium sent them (DESIGN.md's
		// "headers"): a value part has its Content-Disposition only.
		const cd = (name, more = '') => ({ name: 'Content-Disposition',
		    value: `form-data; name="${name}"${more}` });
		for (const f of form)
			if (f.source === 'body')
				f.headers = [cd(f.name)];
		for (const f of files)
			form.push({
				name: 'files', source: 'body',
				// Chromium sends a '"' in a multipart filename as %22
				// (as the HTML standard says; recent curl does the
				// same), and cgidump deliberately shows names and
				// filenames as received, not percent-decoded
				// (DESIGN.md "Parsing semantics"): what the server
				// got is my %22quoted%22 file é.txt.  Non-ASCII goes
				// as raw UTF-8.
				filename: f.name.replace(/"/g, '%22'),
				content_type: f.type,
				size: f.data.length,
				sha256: sha256(f.data),
				headers: [cd('files', `; filename="${f.name.replace(/"/g, '%22')}"`),
				    { name: 'Content-Type', value: f.type }],
			});
		// An empty file input is still sent, as a part with an empty
		// filename and no bytes: a file in cgidump's terms.
		form.push({
			name: 'nothing', source: 'body', filename: '',
			content_type: 'application/octet-stream', size: 0,
			sha256: sha256(Buffer.alloc(0)),
			headers: [cd('nothing', '; filename=""'),
			    { name: 'Content-Type', value: 'application/octet-stream' }],
		});
	} else {
		// Urlencoded and GET submissions carry a file input as the
		// file's name only (the name as is: '"' and all), one field
		// per file, and an empty file input as an empty value.
		for (const f of files)
			form.push(v('files', f.name, source));
		form.push(v('nothing', '', source));
	}
	form.push(v('go', 'send', source));
	if (kind === 'multipart')
		form.at(-1).headers = [{ name: 'Content-Disposition',
		    value: 'form-data; name="go"' }];
	return form;
}

const FILE_KEYS = ['name', 'source', 'filename', 'content_type', 'size', 'sha256', 'headers'];

function checkJsonForm(kind, j, files) {
	const expected = expectedForm(kind, files);
	const got = j.form.map((f) => 'filename' in f
	    ? Object.fromEntries(FILE_KEYS.map((k) => [k, f[k]])) : f);
	assert.deepEqual(got, expected, `${kind}: the form cgidump saw`);
	for (const f of j.form.filter((x) => 'filename' in x)) {
		const extra = Object.keys(f).filter((k) => !FILE_KEYS.includes(k) &&
		    k !== 'preview' && k !== 'preview_hex');
		assert.deepEqual(extra, [], `file ${f.filename}: no truncated/incomplete/... flags`);
		const data = f.size === 0 ? Buffer.alloc(0)
		    : files.find((x) => sha256(x.data) === f.sha256).data;
		if ('preview_hex' in f) {
			assert.ok(f.preview_hex.length > 0 &&
			    data.toString('hex').startsWith(f.preview_hex),
			    `${f.filename}: preview_hex is the file's first bytes`);
		} else {
			assert.ok(data.toString('utf8').startsWith(f.preview),
			    `${f.filename}: preview is the file's first characters`);
		}
	}
	// the binary file's preview is hex, the text file's text
	if (kind === 'multipart') {
		assert.ok('preview' in j.form.find((f) => f.filename?.endsWith('.txt')));
		assert.ok('preview_hex' in j.form.find((f) => f.filename?.endsWith('.bin')));
	}
	const r = j.request;
	assert.equal(r.method, kind === 'get' ? 'GET' : 'POST');
	if (kind === 'multipart')
		assert.match(r.content_type, /^multipart\/form-data; boundary=\S+$/);
	if (kind === 'urlencoded')
		assert.equal(r.content_type, 'application/x-www-form-urlencoded');
	if (kind !== 'get') {
		assert.ok(r.content_length > 0);
		assert.equal(r.body_bytes, r.content_length, 'the whole body was read');
		assert.equal(r.body_end, 'complete');
	}
	assert.equal(j.body, null, 'a form body is not shown as an opaque body');
	assert.deepEqual(j.errors, [], 'no errors');
	assert.deepEqual(j.checks.filter((c) => c.level === 'fail'), [], 'no failed check');
}

// The Form Contents section of the HTML page: [{name, items: [li]}].
async function htmlForm(page) {
	return page.$$eval('#form dl > dt', (dts) => dts.map((dt) => {
		const dd = dt.nextElementSibling;
		return {
			name: dt.textContent,
			items: [...dd.querySelectorAll('li')].map((li) => ({
				text: li.textContent,
				v: [...li.querySelectorAll(':scope > .v')].map((e) => e.textContent),
				tags: [...li.querySelectorAll(':scope > .tag')].map((e) => e.textContent),
				code: [...li.querySelectorAll(':scope > code')].map((e) => e.textContent),
			})),
		};
	}));
}

function checkHtmlForm(kind, got, files) {
	const expected = expectedForm(kind, files);
	const names = [...new Set(expected.map((f) => f.name))].sort(byteOrder);
	assert.deepEqual(got.map((g) => g.name), names,
	    `${kind}: the page lists each name once, sorted`);
	for (const g of got) {
		const want = expected.filter((f) => f.name === g.name);
		assert.equal(g.items.length, want.length, `${g.name}: one line per field`);
		want.forEach((w, i) => {
			const it = g.items[i];
			const what = `${kind}: ${g.name}[${i}]`;
			assert.equal(it.tags.at(-1), w.source, `${what}: source tag`);
			if ('value' in w) {
				assert.equal(it.v[0], shown(w.value), `${what}: value`);
				if (w.value === '')
					assert.match(it.text, /\(empty\)/, `${what}: marked empty`);
				return;
			}
			assert.equal(it.tags[0], 'file', `${what}: marked a file`);
			assert.equal(it.v[0], w.filename, `${what}: filename`);
			// "3.9 KiB (4,041 bytes)", or "0 bytes": exact bytes beside.
			const exact = String(w.size).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
			assert.ok(it.text.includes(`${exact} bytes`), `${what}: size ${w.size} in «${it.text}»`);
			assert.equal(it.v[1], w.content_type, `${what}: content type`);
			assert.equal(it.code[0], w.sha256, `${what}: sha256`);
		});
	}
}

async function formScenario(kind, format) {
	const files = makeUploads();
	const enc = ENCODINGS[kind];
	const action = `/cgi-bin/cgidump${format === 'json' ? '/json' : ''}?from=action+url`;
	const url = writePage(`form-${kind}-${format}.html`, bigForm({ ...enc, action }));
	await withBrowser(async (browser) => {
		const page = await newPage(browser);
		const seen = watch(page);
		await page.goto(url);
		await fillBigForm(page, files, kind === 'get' ? TEXTAREA_GET : TEXTAREA);
		const resp = await submit(page);
		assert.equal(resp.status(), 200, `${kind}: status`);
		if (format === 'json') {
			assert.equal(resp.headers()['content-type'], 'application/json');
			// What the browser shows: the JSON text in a <pre>.
			const text = await page.locator('body > pre').first().textContent();
			assert.equal(text, await resp.text(), 'the page shows the JSON as sent');
			const j = JSON.parse(text);
			checkJsonForm(kind, j, files);
			note(`${kind}/json: ${j.form.length} fields as expected`);
		} else {
			assert.equal(resp.headers()['content-type'], 'text/html; charset=utf-8');
			assert.equal(await page.title(), 'cgidump: what the server handed this CGI program');
			const got = await htmlForm(page);
			checkHtmlForm(kind, got, files);
			// and the section is there to see, not only in the DOM
			await page.locator('#form').scrollIntoViewIfNeeded();
			assert.ok(await page.locator('#form h2').isVisible());
			const visible = await page.locator('#form').innerText();
			assert.ok(visible.includes('日本 🙂'), 'unicode is visible');
			note(`${kind}/html: ${got.length} names as expected`);
		}
		assert.deepEqual(seen.dialogs, []);
		assert.deepEqual(seen.errors, []);
		assert.deepEqual(seen.console, [], 'nothing in the console');
	});
}

// A GET form whose textarea holds a line break: the browser sends
// %0D%0A in the query and lighttpd (url-ctrls-reject, on by default)
// answers 400 itself.  cgidump never runs; the test pins that down so
// that nobody mistakes it for a cgidump fault.
async function getNewline() {
	const files = makeUploads();
	const url = writePage('form-get-newline.html',
	    bigForm({ method: 'get', action: '/cgi-bin/cgidump/json' }));
	await withBrowser(async (browser) => {
		const page = await newPage(browser);
		await page.goto(url);
		await fillBigForm(page, files, TEXTAREA);
		const resp = await submit(page);
		assert.match(resp.url(), /[?&]comment=line1%0D%0Aline2/, 'the browser sent CRLF as %0D%0A');
		assert.equal(resp.status(), 400, 'lighttpd refuses the URL');
		const body = await resp.text();
		assert.ok(!body.includes('"version"') && !/cgidump/.test(body),
		    'the 400 comes from lighttpd, not from cgidump');
		note('GET with %0D%0A in the query: 400 from lighttpd, as expected');
	});
}

// ---------------------------------------------------------------- XSS

const XSS = [
	'<script>alert(1)</script>',
	'"><img src=x onerror=alert(2)>',
	'<svg onload=alert(3)>',
	"'><details open ontoggle=alert(4)>",
];

// What must never be in the dump's DOM.
async function domReport(page) {
	return page.evaluate(() => {
		const all = [...document.querySelectorAll('*')];
		return {
			scripts: document.scripts.length,
			// cgidump's one <details> (the checks that passed) is its own.
			foreign: all.filter((e) => /^(script|img|svg|iframe|details|object|embed|image|video|audio|form|input)$/i
			    .test(e.localName) && !e.matches('section#checks > details'))
			    .map((e) => e.outerHTML.slice(0, 80)),
			onattrs: all.flatMap((e) => [...e.attributes]
			    .filter((a) => /^on|^src$|^srcdoc$/i.test(a.name))
			    .map((a) => `${e.localName} ${a.name}=${a.value}`)),
		};
	});
}

// Load the dump twice: with the page's Content-Security-Policy as sent
// (a blocked injection would still show in the console), and with the CSP
// switched off (bypassCSP), so that only cgidump's escaping stands
// between a payload and a running script.  `go` brings the page there.
async function xssCheck(browser, go, mustShow, label) {
	for (const bypassCSP of [false, true]) {
		const what = `${label} (${bypassCSP ? 'CSP off' : 'CSP as sent'})`;
		const page = await newPage(browser, { bypassCSP });
		await page.setExtraHTTPHeaders({ 'X-Payload': XSS[0] });
		const seen = watch(page);
		const resp = await go(page);
		assert.equal(resp.status(), 200, `${what}: status`);
		assert.equal(resp.headers()['content-type'], 'text/html; charset=utf-8');
		assert.match(resp.headers()['content-security-policy'] ?? '', /default-src 'none'/);
		// img onerror, svg onload and details ontoggle fire within a
		// task or two of loading; give them time to.
		await page.waitForTimeout(300);
		const dumpRequests = seen.requests.filter((u) => u.includes('/cgi-bin/'));
		assert.deepEqual(seen.dialogs, [], `${what}: no dialog`);
		assert.deepEqual(seen.errors, [], `${what}: no page error`);
		assert.deepEqual(seen.console, [], `${what}: nothing in the console (a CSP violation would be)`);
		assert.equal(dumpRequests.length, 1, `${what}: the dump loaded nothing (requests: ${dumpRequests})`);
		const dom = await domReport(page);
		assert.deepEqual(dom, { scripts: 0, foreign: [], onattrs: [] }, `${what}: DOM`);
		const text = await page.locator('body').innerText();
		for (const s of mustShow)
			assert.ok(text.includes(s), `${what}: «${s}» is shown as text`);
		await page.context().close();
	}
	note(`${label}: no script ran, payloads shown as text`);
}

async function xssQuery() {
	const q = (s) => encodeURIComponent(s);
	// In the path (PATH_INFO), as query names and values, percent-encoded
	// by the test and raw (the browser encodes what it must), and in a
	// header (X-Payload, set in xssCheck).
	const url = `${BASE}/cgi-bin/cgidump/${q(XSS[2])}?${q(XSS[0])}=${q(XSS[1])}` +
	    `&v=${q(XSS[2])}&${q(XSS[3])}&raw=${XSS[1]}`;
	await withBrowser((browser) => xssCheck(browser, (page) => page.goto(url),
	    [...XSS, `/${XSS[2]}`], 'payloads in path, query and a header'));
}

// The payloads as a field name, a value, a textarea and uploaded
// filenames, in a form the browser submits.
async function xssForm(kind) {
	const dir = path.join(workDir, 'xss');
	fs.mkdirSync(dir, { recursive: true });
	// Payloads without '/' can be real file names.
	const onDisk = [XSS[1] + '.txt', XSS[2] + '.txt', XSS[3] + '.txt'];
	for (const n of onDisk)
		fs.writeFileSync(path.join(dir, n), `content of ${n}\n`);
	const enc = ENCODINGS[kind];
	const url = writePage(`xss-${kind}.html`, `<form method="${enc.method}" enctype="${enc.enctype}" action="/cgi-bin/cgidump">
<input type="text" name="${esc(XSS[1])}" id="a">
<input type="text" name="v" id="b">
<textarea name="${esc(XSS[0])}" id="c"></textarea>
<input type="file" name="${esc(XSS[2])}" id="f" multiple>
<input type="file" name="upload" id="g">
<button type="submit">Send</button>
</form>`);
	// Chromium sends '"' in a multipart name or filename as %22; cgidump
	// shows what it received.
	const sent = (s) => kind === 'multipart' ? s.replace(/"/g, '%22') : s;
	// A name with '/' cannot be a file on disk: Playwright hands the
	// browser this one from memory, an HTML file whose preview is
	// the payloads again.
	const inMemory = {
		name: XSS[0] + '.html', mimeType: 'text/html',
		buffer: Buffer.from(XSS.join('\n')),
	};
	const mustShow = [sent(XSS[1]), ...XSS.slice(0, 3), ...onDisk.map(sent), inMemory.name];
	await withBrowser((browser) => xssCheck(browser, async (page) => {
		await page.goto(url);
		await page.fill('#a', XSS[0]);
		await page.fill('#b', XSS[3]);
		await page.fill('#c', XSS.join('\n'));
		await page.setInputFiles('#f', onDisk.map((n) => path.join(dir, n)));
		await page.setInputFiles('#g', inMemory);
		return submit(page);
	}, mustShow, `payloads in a ${kind} form's names, values and filenames`));
}

// The detectors themselves: the same payloads unescaped, in a page
// without CSP, must be caught.  Otherwise the XSS tests prove nothing.
async function xssControl() {
	const url = writePage('xss-control.html', `<p>${XSS.join('</p><p>')}</p>`);
	await withBrowser(async (browser) => {
		const page = await newPage(browser);
		const seen = watch(page);
		await page.goto(url);
		await page.waitForTimeout(300);
		assert.ok(seen.dialogs.length >= 3, `dialogs caught: ${seen.dialogs}`);
		const dom = await domReport(page);
		assert.ok(dom.scripts >= 1 && dom.foreign.length >= 3 && dom.onattrs.length >= 3,
		    `DOM report caught them: ${JSON.stringify(dom)}`);
		assert.ok(seen.requests.some((u) => u.endsWith('/x')), 'img src=x was requested');
		note(`control: ${seen.dialogs.length} dialogs, ${dom.foreign.length} foreign elements caught`);
	});
}

// ------------------------------------------------------------ screenshots

// The HTML page of the multipart submission, full length, at a desktop
// width, a phone's, and the desktop width in dark mode.  The page must
// not be wider than the window (no sideways scrolling).
async function screenshots() {
	fs.mkdirSync(artifactsDir, { recursive: true });
	const files = makeUploads();
	const url = writePage('form-multipart-shot.html', bigForm({
		...ENCODINGS.multipart, action: '/cgi-bin/cgidump?from=action+url',
	}));
	const shots = [
		{ file: 'multipart-1280.png', options: { viewport: { width: 1280, height: 800 } } },
		{ file: 'multipart-390.png', options: {
			viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true,
		} },
		{ file: 'multipart-1280-dark.png', options: {
			viewport: { width: 1280, height: 800 }, colorScheme: 'dark',
		} },
	];
	await withBrowser(async (browser) => {
		for (const s of shots) {
			const page = await newPage(browser, { deviceScaleFactor: 1, ...s.options });
			await page.goto(url);
			await fillBigForm(page, files, TEXTAREA);
			const resp = await submit(page);
			assert.equal(resp.status(), 200);
			checkHtmlForm('multipart', await htmlForm(page), files);
			const out = path.join(artifactsDir, s.file);
			await page.screenshot({ path: out, fullPage: true, timeout: STEP_TIMEOUT });
			const png = fs.readFileSync(out);
			assert.equal(png.toString('latin1', 1, 4), 'PNG');
			const width = png.readUInt32BE(16), height = png.readUInt32BE(20);
			assert.equal(width, s.options.viewport.width, `${s.file}: width`);
			const fit = await page.evaluate(() => ({
				scroll: document.documentElement.scrollWidth,
				inner: window.innerWidth,
			}));
			assert.ok(fit.scroll <= fit.inner,
			    `${s.file}: the page is ${fit.scroll} px wide in a ${fit.inner} px window`);
			note(`${out}: ${width}x${height}`);
			await page.context().close();
		}
	});
}

// -------------------------------------------------------------- dispatch

const SCENARIOS = {
	'multipart-json': () => formScenario('multipart', 'json'),
	'multipart-html': () => formScenario('multipart', 'html'),
	'urlencoded-json': () => formScenario('urlencoded', 'json'),
	'urlencoded-html': () => formScenario('urlencoded', 'html'),
	'get-json': () => formScenario('get', 'json'),
	'get-html': () => formScenario('get', 'html'),
	'get-newline': getNewline,
	'xss-control': xssControl,
	'xss-query': xssQuery,
	'xss-multipart': () => xssForm('multipart'),
	'xss-urlencoded': () => xssForm('urlencoded'),
	screenshots,
};

const names = wanted.length ? wanted : Object.keys(SCENARIOS);
for (const n of names)
	if (!SCENARIOS[n]) {
		console.error(`unknown scenario ${n}; known: ${Object.keys(SCENARIOS).join(' ')}`);
		process.exit(2);
	}
fs.mkdirSync(resultsDir, { recursive: true });

function record(name, ok, t0) {
	const log = notes.join('\n') + '\n';
	fs.writeFileSync(path.join(resultsDir, `${name}.log`), log);
	fs.writeFileSync(path.join(resultsDir, `${name}.${ok ? 'ok' : 'fail'}`),
	    `${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
	process.stdout.write(`${ok ? 'ok' : 'FAILED'} ${name}\n${log}`);
}

let failed = 0;
let t0 = Date.now();
try {
	BROWSER = await chromium.launch({
		executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 20000,
	});
	note(`${CHROMIUM} ${BROWSER.version()}, started in ${Date.now() - t0} ms`);
} catch (e) {
	// Every scenario fails, each saying why.
	for (const n of names) {
		notes = [`cannot start ${CHROMIUM}: ${e.message}`];
		record(n, false, t0);
	}
	process.exit(1);
}
for (const name of names) {
	t0 = Date.now();
	let timer;
	try {
		await Promise.race([
			SCENARIOS[name](),
			new Promise((_, reject) => {
				timer = setTimeout(() => reject(new Error(
				    `not done after ${SCENARIO_TIMEOUT / 1000} s`)), SCENARIO_TIMEOUT);
			}),
		]);
		record(name, true, t0);
	} catch (e) {
		note(`${name}: ${e.stack ?? e}`);
		record(name, false, t0);
		failed++;
	} finally {
		clearTimeout(timer);
		for (const c of contexts)
			await c.close().catch(() => {});
		contexts = [];
		notes = [];
	}
}
await BROWSER.close();
process.exit(failed ? 1 : 0);

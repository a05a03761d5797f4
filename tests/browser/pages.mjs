// pages.mjs — issue 6's proof: every citizen page state, in Finnish,
// Swedish and English, in a real Chromium with JavaScript switched off.
//
// Started by tests/browser/run, which has a real sinetti-gateway serving on
// a loopback port with real TLS. Prints PASS:/FAIL: lines (tests/run counts
// them) and writes into OUT:
//   html/<state>.html          the exact bytes the browser received
//   screens/<state>-320.png    full-page screenshots at 320 px
//   screens/<state>-1280.png   ... and at 1280 px
//   submitted                  how many confirmations were reached
//
// How axe runs when the page under test has JavaScript off: the citizen's
// context has javaScriptEnabled: false, so nothing can be injected into it
// (evaluating axe there through CDP crashes the renderer). Each state's
// response (status, headers, body bytes) is captured and replayed, through
// request interception, to the same URL in a second, JavaScript-enabled
// "auditor" context. The auditor's page therefore has the byte-identical
// document on the same origin and loads the real stylesheet from the real
// gateway; since our pages contain no script, JavaScript on or off cannot
// change their DOM or layout. Only there is axe-core injected (bypassCSP,
// because the gateway's CSP rightly forbids any script), and the auditor
// also measures reflow at 320 px.

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const vnuJar = String(require('vnu-jar'));	// the path of vnu.jar

const arg = (name, dflt) => {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? process.argv[i + 1] : dflt;
};
const BASE = arg('base');
const OUT = arg('out');
const CHROMIUM = arg('chromium', '/usr/bin/chromium');
// main: every state; unavailable: the gateway's vault is full, so Send
// must give the "could not be saved" page with everything kept.
const PHASE = arg('phase', 'main');
const ORIGIN = new URL(BASE).origin;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let failures = 0;
const pass = (n) => console.log(`PASS: ${n}`);
const fail = (n, why) => { failures++; console.log(`FAIL: ${n}${why ? ` (${why})` : ''}`); };
const check = (n, ok, why) => (ok ? pass(n) : fail(n, why));

for (const d of ['html', 'screens'])
	fs.mkdirSync(path.join(OUT, d), { recursive: true });

const T = {
	fi: { err: 'Virhe: ', other: ['sv', 'en'] },
	sv: { err: 'Fel: ', other: ['fi', 'en'] },
	en: { err: 'Error: ', other: ['fi', 'sv'] },
};

const browser = await chromium.launch({
	executablePath: CHROMIUM,
	headless: true,	// Playwright passes --headless and a fresh profile dir
	args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
	    '--disable-background-networking', '--disable-component-update',
	    '--disable-sync'],
});
const citizen = await browser.newContext({
	javaScriptEnabled: false,
	ignoreHTTPSErrors: true,	// the gateway's own self-signed certificate
	viewport: { width: 1280, height: 900 },
});
const auditor = await browser.newContext({
	javaScriptEnabled: true, ignoreHTTPSErrors: true, bypassCSP: true,
});

// Everything the citizen's browser asks for, and every cookie offered.
const foreign = [];
const cookies = [];
for (const ctx of [citizen, auditor]) {
	ctx.on('request', (r) => {
		const u = new URL(r.url());
		if (u.origin !== ORIGIN && u.protocol !== 'data:')
			foreign.push(r.url());
	});
	ctx.on('response', async (r) => {
		const sc = await r.headerValue('set-cookie').catch(() => null);
		if (sc) cookies.push(r.url());
	});
}

// The auditor replays the captured state at its own URL, with axe-core
// injected on every load.
await auditor.addInitScript({ content: axeSource });
let current = null;
const ap = await auditor.newPage();
await ap.route((u) => current !== null && u.href === current.url,
    (route) => route.fulfill({ status: current.status, headers: current.headers, body: current.body }));

const page = await citizen.newPage();
let submitted = 0;
const seen = new Set();

// Captures the current state: its bytes, screenshots, axe, reflow.
async function state(name, resp, want) {
	if (seen.has(name)) throw new Error(`state ${name} twice`);
	seen.add(name);
	if (!resp) { fail(`${name}: a response`); return; }
	const t0 = Date.now();
	const status = resp.status();
	check(`${name}: status ${want}`, status === want, `got ${status}`);
	const body = await resp.body();
	fs.writeFileSync(path.join(OUT, 'html', `${name}.html`), body);
	const headers = await resp.allHeaders();
	check(`${name}: strict CSP sent`, /default-src 'none'/.test(headers['content-security-policy'] || ''));
	for (const w of [320, 1280]) {
		await page.setViewportSize({ width: w, height: 900 });
		await page.screenshot({ path: path.join(OUT, 'screens', `${name}-${w}.png`), fullPage: true });
	}
	await page.setViewportSize({ width: 1280, height: 900 });

	const t1 = Date.now();
	const replay = { ...headers };
	for (const h of ['content-security-policy', 'content-length',
	    'content-encoding', 'transfer-encoding'])
		delete replay[h];
	current = { url: page.url(), status, headers: replay, body };
	await ap.setViewportSize({ width: 1280, height: 900 });
	await ap.goto(current.url);
	const res = await ap.evaluate(async (tags) => {
		const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
		return {
			violations: r.violations.map((v) => `${v.id} x${v.nodes.length}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`),
			passes: r.passes.length,
		};
	}, AXE_TAGS);
	check(`${name}: axe ${AXE_TAGS.join('+')} zero violations (${res.passes} rules passed)`,
	    res.violations.length === 0, res.violations.join('; '));
	await ap.setViewportSize({ width: 320, height: 900 });
	const sw = await ap.evaluate(() => document.documentElement.scrollWidth);
	check(`${name}: reflows to 320 px without horizontal scrolling`, sw <= 320, `scrollWidth ${sw}`);
	if (process.env.SNT_BROWSER_TIMING)
		console.log(`time ${name}: shots ${t1 - t0} ms, audit ${Date.now() - t1} ms, since last ${t0 - lastT} ms`);
	lastT = Date.now();
}
let lastT = Date.now();

async function clickNav(selector, opts = {}) {
	const [resp] = await Promise.all([page.waitForNavigation(), page.click(selector, opts)]);
	return resp;
}

async function title() { return page.title(); }

// Types values as a person would; long values are pasted (filled).
async function fillForm(v) {
	if (v.kind) await page.click(`label[for="${v.kind === 'feedback' ? 'kind' : `kind-${v.kind}`}"]`);
	if (v.unit) await page.selectOption('#unit', v.unit);
	if (v.role) await page.click(`label[for="${v.role === 'client' ? 'role' : `role-${v.role}`}"]`);
	for (const f of ['unit_other', 'message', 'when', 'persons', 'phone', 'callback_time']) {
		if (v[f] === undefined) continue;
		const el = page.locator(`#${f}`);
		await el.fill('');
		if (v[f].length > 200) await el.fill(v[f]);
		else await el.pressSequentially(v[f]);
	}
}

const firstUnit = async () => page.locator('#unit option').nth(1).getAttribute('value');

async function unavailablePhase() {
	for (const L of ['fi', 'sv', 'en']) {
		await page.goto(`${BASE}/${L}/form`);
		const typed = { kind: 'feedback', unit: await firstUnit(), role: 'client',
		    message: `UNAVAILMARK ${L}: \"<kiitos>\" & terveiset.`, phone: '09 1234567' };
		await fillForm(typed);
		let resp = await clickNav('form button[type=submit]');
		check(`${L}: check page before a failing send`, resp.status() === 200);
		resp = await clickNav('button[value=yes]');
		await state(`${L}-unavailable`, resp, 503);
		check(`${L}-unavailable: title prefixed`, (await title()).startsWith(T[L].err), await title());
		check(`${L}-unavailable: no receipt`, await page.locator('#receipt').count() === 0);
		check(`${L}-unavailable: every typed value kept`,
		    (await page.getAttribute('input[name=message]', 'value')) === typed.message &&
		    (await page.getAttribute('input[name=phone]', 'value')) === typed.phone);
		check(`${L}-unavailable: one button sends the same answers again`,
		    await page.locator('form button[value=yes]').count() === 1);
	}
}

if (PHASE === 'unavailable')
	await unavailablePhase();
else for (const L of ['fi', 'sv', 'en']) {
	// Start page, reached from / with the browser's language.
	await citizen.setExtraHTTPHeaders({ 'Accept-Language': `${L};q=0.9, de;q=0.5` });
	let resp = await page.goto(`${BASE}/`);
	check(`${L}: / redirects by Accept-Language`, page.url() === `${BASE}/${L}/`, page.url());
	await state(`${L}-start`, resp, 200);
	check(`${L}-start: lang="${L}"`, (await page.getAttribute('html', 'lang')) === L);
	const exit = await page.getAttribute('a.exit', 'href');
	check(`${L}-start: exit link leaves for a neutral site`, /^https:\/\//.test(exit) && !exit.startsWith(ORIGIN), exit);
	check(`${L}-start: emergency duty notice`, await page.locator('section.urgent').count() === 1);

	// Empty form.
	resp = await clickNav('a.button-start');
	await state(`${L}-form`, resp, 200);
	const unit = await firstUnit();

	// Each validation error.
	resp = await clickNav('form button[type=submit]');
	await state(`${L}-error-required`, resp, 200);
	check(`${L}-error-required: title prefixed`, (await title()).startsWith(T[L].err), await title());
	check(`${L}-error-required: summary links kind, unit, role, message`,
	    await page.locator('.error-summary a').count() === 4);
	check(`${L}-error-required: role=alert`, await page.locator('.error-summary[role=alert]').count() === 1);

	const valid = { kind: 'concern', unit, role: 'relative', message: 'Hoitaja ei tullut illalla.' };
	const errors = [
		['phone', { ...valid, phone: '12345' }],
		['message-long', { ...valid, message: 'x'.repeat(10001) }],
		['when-long', { ...valid, when: 'w'.repeat(101) }],
		['persons-long', { ...valid, persons: 'p'.repeat(501) }],
		['callback-long', { ...valid, phone: '040 123 4567', callback_time: 'c'.repeat(101) }],
		['unit-other-long', { ...valid, unit: 'other', unit_other: 'u'.repeat(51) }],
	];
	for (const [n, v] of errors) {
		await page.goto(`${BASE}/${L}/form`);
		await fillForm(v);
		resp = await clickNav('form button[type=submit]');
		await state(`${L}-error-${n}`, resp, 200);
		check(`${L}-error-${n}: title prefixed, one error`,
		    (await title()).startsWith(T[L].err) && await page.locator('.error-summary a').count() === 1);
		const field = n.replace(/-long$/, '').replace('callback', 'callback_time').replace('unit-other', 'unit_other');
		check(`${L}-error-${n}: typed value kept`, (await page.inputValue(`#${field}`)) === v[field]);
	}

	// A full submission by clicking and typing, with check your answers.
	await page.goto(`${BASE}/${L}/form`);
	const typed = {
		kind: 'objection', unit, role: 'representative',
		message: `Äidin lääkkeet jäivät antamatta (${L}).\nYöhoitaja ei vastannut hälytykseen.`,
		when: '3.11.2026 klo 22', persons: 'yöhoitaja', phone: '+358 40 123 4567',
		callback_time: 'arkisin 9–12',
	};
	await fillForm(typed);
	resp = await clickNav('form button[type=submit]');
	await state(`${L}-check`, resp, 200);
	check(`${L}-check: normalised phone shown`, (await page.content()).includes('+358401234567'));
	resp = await clickNav('button[value=change]');
	await state(`${L}-change`, resp, 200);
	check(`${L}-change: values back in the form`,
	    (await page.inputValue('#message')) === typed.message &&
	    (await page.inputValue('#phone')) === typed.phone &&
	    await page.isChecked('#kind-objection'));
	resp = await clickNav('form button[type=submit]');
	check(`${L}: check again after change`, resp.status() === 200 &&
	    await page.locator('button[value=yes]').count() === 1);
	resp = await clickNav('button[value=yes]');
	await state(`${L}-confirmation`, resp, 200);
	const receipt = (await page.textContent('code#receipt')) || '';
	check(`${L}-confirmation: receipt shown`, receipt.length >= 16, receipt);
	check(`${L}-confirmation: receipt not in the URL`, !page.url().includes(receipt));
	if (receipt.length >= 16) submitted++;

	// Follow-up with the receipt (issue 7): the form, the code found, and
	// one wrong code.
	resp = await clickNav(`footer a[href="/${L}/status"]`);
	await state(`${L}-status`, resp, 200);
	await page.locator('#receipt').pressSequentially(receipt.toLowerCase());
	resp = await clickNav('form button[type=submit]');
	await state(`${L}-status-found`, resp, 200);
	check(`${L}-status-found: a status is shown`, await page.locator('#status').count() === 1);
	check(`${L}-status-found: the code is not in the page or URL`,
	    !(await page.content()).includes(receipt) && !page.url().includes(receipt));
	await page.goto(`${BASE}/${L}/status`);
	await page.locator('#receipt').pressSequentially('AAAA-BBBB-CCCC-DDDD-EEEE-FFFF');
	resp = await clickNav('form button[type=submit]');
	await state(`${L}-status-not-found`, resp, 200);
	check(`${L}-status-not-found: one generic error, title prefixed`,
	    (await title()).startsWith(T[L].err) && await page.locator('.error-summary a').count() === 1);

	// Footer pages and the language switch.
	resp = await clickNav(`footer a[href="/${L}/accessibility"]`);
	await state(`${L}-accessibility`, resp, 200);
	resp = await clickNav(`footer a[href="/${L}/privacy"]`);
	await state(`${L}-privacy`, resp, 200);
	await page.goto(`${BASE}/${L}/form`);
	for (const o of T[L].other) {
		await page.goto(`${BASE}/${L}/form`);
		await clickNav(`nav.lang-switch a[hreflang="${o}"]`);
		check(`${L}: language switch to ${o} keeps the form page`,
		    page.url() === `${BASE}/${o}/form` && (await page.getAttribute('html', 'lang')) === o, page.url());
	}

	// Refusals rendered by the real gateway.
	resp = await page.goto(`${BASE}/${L}/no-such-page`);
	await state(`${L}-refusal-404`, resp, 404);
	const refusals = [
		['400', { postData: 'message=%ZZ' }],
		['415', { headers: { 'content-type': 'text/plain' } }],
		['405', { method: 'PUT' }],
	];
	for (const [code, change] of refusals) {
		await page.goto(`${BASE}/${L}/form`);
		await page.route(`${BASE}/${L}/form`, (route) => {
			const r = route.request();
			if (r.method() !== 'POST') return route.continue();
			const o = { ...change };
			if (o.headers) o.headers = { ...r.headers(), ...o.headers };
			return route.continue(o);
		});
		resp = await clickNav('form button[type=submit]');
		await page.unroute(`${BASE}/${L}/form`);
		await state(`${L}-refusal-${code}`, resp, Number(code));
	}
}

// Nothing left the origin; nothing was stored.
check('no request to another origin', foreign.length === 0, foreign.slice(0, 5).join(' '));
check('no Set-Cookie in any response', cookies.length === 0, cookies.slice(0, 3).join(' '));
const st = await citizen.storageState();
check('no cookies or storage in the browser', st.cookies.length === 0 && st.origins.length === 0,
    JSON.stringify(st).slice(0, 200));
await browser.close();

// The Nu HTML checker on every page the browser received.
const files = [...seen].sort().map((n) => path.join(OUT, 'html', `${n}.html`));
// vnu writes its JSON report to stderr.
const vnu = spawnSync('java', ['-jar', vnuJar, '--format', 'json', '--exit-zero-always', ...files],
    { encoding: 'utf8', maxBuffer: 64 << 20 }).stderr;
let messages = [];
try {
	messages = JSON.parse(vnu || '{"messages":[]}').messages;
} catch {
	fail('vnu report readable', 'not JSON');
}
for (const f of files) {
	const mine = messages.filter((m) => m.url && decodeURIComponent(m.url).endsWith(f) &&
	    (m.type === 'error' || m.type === 'non-document-error' || m.subType === 'warning'));
	check(`${path.basename(f, '.html')}: valid HTML (vnu)`, mine.length === 0,
	    mine.slice(0, 3).map((m) => `${m.lastLine}: ${m.message}`).join('; '));
}
if (PHASE === 'main')
	fs.writeFileSync(path.join(OUT, 'submitted'), `${submitted}\n`);
console.log(`browser: ${seen.size} states, ${files.length} pages checked, screenshots in ${path.join(OUT, 'screens')}`);
process.exit(failures === 0 ? 0 : 1);

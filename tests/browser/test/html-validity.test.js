// Every page is valid HTML according to the Nu HTML Checker (vnu.jar, on the machine's
// Java), run once over all the built HTML files.
"use strict";

const path = require("node:path");
const { spawn } = require("node:child_process");
const { test } = require("node:test");
const { setup, assertNone } = require("../lib/harness");

const site = setup({ browser: false });
const VNU_JAR = String(require("vnu-jar"));

function runVnu(args) {
  return new Promise((resolve, reject) => {
    const java = process.env.KN_JAVA || "java";
    const child = spawn(java, ["-Xss8m", "-jar", VNU_JAR, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", (err) => reject(new Error(`cannot run ${java}: ${err.message} (install default-jre-headless)`)));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

test("every page has no Nu HTML Checker error", async (t) => {
  const pages = site.pages();
  const { code, stderr } = await runVnu(["--errors-only", "--format", "json", "--skip-non-html", site.dir]);
  let report;
  try {
    report = JSON.parse(stderr);
  } catch {
    throw new Error(`vnu.jar exited ${code} without a JSON report:\n${stderr.slice(0, 2000)}`);
  }
  const errors = report.messages
    .filter((m) => m.type === "error" || (m.type === "non-document-error"))
    .map((m) => {
      const file = m.url ? path.relative(site.dir, decodeURIComponent(new URL(m.url).pathname)) : "?";
      return `${file}:${m.lastLine ?? m.firstLine ?? "?"}: ${m.message}` +
        (m.extract ? ` [${m.extract.replace(/\s+/g, " ").trim().slice(0, 80)}]` : "");
    });
  t.diagnostic(`vnu.jar ${require("vnu-jar/package.json").version}: ${pages.length} HTML files checked, ${errors.length} errors`);
  assertNone(errors, "Nu HTML Checker errors (file:line: message)");
  // An exit code without reported errors would mean the checker itself failed.
  if (code !== 0) throw new Error(`vnu.jar exited ${code}:\n${stderr.slice(0, 2000)}`);
});

// The query page: ask a question (GET /ask), run SPARQL (POST /sparql), download the data.
// No framework and nothing from a CDN: the service must work offline. Every value from the
// server is put in the page as text (never as HTML), and only http(s) addresses become links.
"use strict";

const $ = (id) => document.getElementById(id);

function el(tag, text, attrs) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  return node;
}

function safeLink(url, text) {
  if (typeof url === "string" && /^https?:\/\//i.test(url)) {
    return el("a", text || url, { href: url, rel: "noopener noreferrer", target: "_blank" });
  }
  return el("span", text || url || "");
}

function showError(box, message) {
  box.textContent = message;
  box.hidden = !message;
}

async function errorText(response) {
  const text = (await response.text()).trim();
  return `${response.status} ${response.statusText}: ${text.replace(/^Error:\s*/, "")}`;
}

// ---- ask --------------------------------------------------------------------------------------
async function ask(question, asOf) {
  const params = new URLSearchParams({ q: question });
  if (asOf) params.set("as_of", asOf);
  showError($("ask-error"), "");
  $("answer-box").hidden = true;
  $("ask-button").disabled = true;
  try {
    const response = await fetch(`/ask?${params}`, { headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(await errorText(response));
    renderAnswer(await response.json());
  } catch (err) {
    showError($("ask-error"), String(err.message || err));
  } finally {
    $("ask-button").disabled = false;
  }
}

function renderAnswer(data) {
  $("answer").textContent = data.answer;
  $("confidence").textContent = `confidence ${Number(data.confidence || 0).toFixed(2)}`;
  const facts = $("facts");
  facts.replaceChildren(...(data.facts || []).map((f) => el("li", f)));
  const sources = $("sources");
  sources.replaceChildren(
    ...(data.sources || []).map((s) => {
      const item = el("li", null, { class: "source" });
      item.append(el("blockquote", s.sentence));
      const cite = el("cite");
      cite.append(safeLink(s.url, s.title || s.url || s.article));
      const where = [s.source, s.date].filter(Boolean).join(", ");
      if (where) cite.append(document.createTextNode(` (${where})`));
      item.append(cite);
      return item;
    }),
  );
  $("answer-sparql").textContent = data.sparql || "";
  $("answer-sparql-box").hidden = !data.sparql;
  $("answer-box").hidden = false;
}

// ---- SPARQL -------------------------------------------------------------------------------------
async function loadExamples() {
  const select = $("examples");
  try {
    const response = await fetch("/examples");
    const examples = await response.json();
    select.replaceChildren(
      ...examples.map((ex, i) => {
        const option = el("option", ex.title, { value: String(i) });
        option.dataset.query = ex.query;
        return option;
      }),
    );
    if (examples.length && !$("query").value) $("query").value = examples[0].query;
  } catch (err) {
    select.replaceChildren(el("option", "(no examples)", { value: "" }));
  }
}

async function runQuery() {
  const query = $("query").value;
  const status = $("status");
  showError($("sparql-error"), "");
  $("results").replaceChildren();
  status.textContent = "running…";
  $("run").disabled = true;
  const started = performance.now();
  try {
    const response = await fetch("/sparql", {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "application/sparql-results+json, text/turtle;q=0.9",
      },
      body: new URLSearchParams({ query }),
    });
    if (!response.ok) throw new Error(await errorText(response));
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const type = (response.headers.get("Content-Type") || "").split(";")[0];
    const rows = response.headers.get("X-KB-Rows");
    let note = `${seconds} s`;
    if (type === "application/sparql-results+json") {
      const data = await response.json();
      $("results").append(renderResults(data));
      if (!("boolean" in data)) note = `${data.results.bindings.length} rows, ${note}`;
    } else {
      $("results").append(el("pre", await response.text(), { class: "graph" }));
      if (rows) note = `${rows} triples, ${note}`;
    }
    if (response.headers.get("X-KB-Truncated") === "true") {
      const limit = response.headers.get("X-KB-Result-Limit");
      note += ` — cut at ${rows} (the result limit is ${limit})`;
    }
    status.textContent = note;
  } catch (err) {
    status.textContent = "";
    showError($("sparql-error"), String(err.message || err));
  } finally {
    $("run").disabled = false;
  }
}

function renderResults(data) {
  if ("boolean" in data) return el("p", data.boolean ? "true" : "false", { class: "answer" });
  const vars = data.head.vars;
  const table = el("table", null, { id: "results-table" });
  const head = el("tr");
  for (const v of vars) head.append(el("th", v, { scope: "col" }));
  table.append(el("thead"));
  table.tHead.append(head);
  const body = el("tbody");
  for (const binding of data.results.bindings) {
    const tr = el("tr");
    for (const v of vars) tr.append(renderCell(binding[v]));
    body.append(tr);
  }
  table.append(body);
  return table;
}

function renderCell(term) {
  const td = el("td");
  if (!term) return td;
  if (term.type === "uri") td.append(safeLink(term.value));
  else td.textContent = term.value;
  if (term["xml:lang"]) td.append(el("small", ` @${term["xml:lang"]}`));
  return td;
}

// ---- wiring -------------------------------------------------------------------------------------
document.addEventListener("DOMContentLoaded", () => {
  $("ask-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const question = $("question").value.trim();
    if (question) ask(question, $("as-of").value.trim());
  });
  for (const link of document.querySelectorAll("a.try")) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      $("question").value = link.textContent;
      ask(link.textContent, $("as-of").value.trim());
    });
  }
  $("open-sparql").addEventListener("click", () => {
    $("query").value = $("answer-sparql").textContent;
    location.hash = "#sparql";
    $("query").focus();
  });
  $("examples").addEventListener("change", (event) => {
    const option = event.target.selectedOptions[0];
    if (option && option.dataset.query) $("query").value = option.dataset.query;
  });
  $("run").addEventListener("click", runQuery);
  $("query").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) runQuery();
  });
  loadExamples();
});

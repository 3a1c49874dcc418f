// netsum serve page: sends the pasted or dropped model to POST
// /api/summary?format=view and shows the table, the diagram, the
// explanation and the downloads. The server does all the work, with the
// same library as the CLI; this script only moves bytes and toggles views.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const state = { body: null, name: "", view: null, urls: [], busy: 0, seq: 0 };

  function setStatus(msg, isError) {
    const s = $("status");
    s.textContent = msg || "";
    s.classList.toggle("error", !!isError);
  }

  function query(extra) {
    const q = new URLSearchParams();
    const style = $("style").value;
    if (style) q.set("style", style);
    if ($("expand").checked) q.set("expand_nested", "true");
    if (state.name) q.set("name", state.name);
    const model = $("model").value;
    if (model && !$("model-pick").classList.contains("hidden")) q.set("model", model);
    // Missing values, as the CLI's --define, --input-size and --dim.
    for (const d of $("define").value.split(";")) {
      if (d.trim()) q.append("define", d.trim());
    }
    if ($("input-size").value.trim()) q.set("input_size", $("input-size").value.trim());
    if ($("dims").value.trim()) q.set("dim", $("dims").value.trim());
    for (const [k, v] of Object.entries(extra || {})) q.set(k, v);
    return q.toString();
  }

  async function post(extra) {
    const res = await fetch("/api/summary?" + query(extra), {
      method: "POST",
      body: state.body,
      headers: { "Content-Type": "application/octet-stream" },
      credentials: "same-origin",
    });
    const type = res.headers.get("Content-Type") || "";
    if (!res.ok) {
      let msg = res.status + " " + res.statusText;
      if (type.startsWith("application/json")) {
        try { msg = (await res.json()).error || msg; } catch (e) { /* keep the status */ }
      }
      throw new Error(msg);
    }
    return type.startsWith("application/json") ? res.json() : res.text();
  }

  // summarize sends the current input and shows everything.
  async function summarize() {
    if (!state.body || state.body.size === 0) {
      setStatus("Paste a model or drop a file first.", true);
      return;
    }
    const seq = ++state.seq;
    busy(true);
    setStatus("Reading " + (state.name || "the pasted model") + "…");
    try {
      const v = await post({ format: "view" });
      if (seq !== state.seq) return;
      show(v);
      setStatus(describe(v));
    } catch (e) {
      if (seq !== state.seq) return;
      $("result").classList.add("hidden");
      setStatus(e.message, true);
      // The server names the flag a missing value is given with: open the
      // box where the page takes it.
      const m = /--(define|input-size|dim)\b/.exec(e.message);
      if (m) {
        $("values").open = true;
        const box = $({ define: "define", "input-size": "input-size", dim: "dims" }[m[1]]);
        const ex = /--define '([^']+)'/.exec(e.message);
        if (ex && !box.value) box.value = ex[1];
        box.focus();
      }
    } finally {
      busy(false);
    }
  }

  // restyle asks for the table in another style only.
  async function restyle() {
    if (!state.view) return;
    const seq = ++state.seq;
    busy(true);
    try {
      const text = await post({ format: "text" });
      if (seq !== state.seq) return;
      $("table").textContent = text;
      setStatus(describe(state.view));
    } catch (e) {
      if (seq === state.seq) setStatus(e.message, true);
    } finally {
      busy(false);
    }
  }

  function busy(on) {
    state.busy += on ? 1 : -1;
    $("run").disabled = state.busy > 0;
    document.body.classList.toggle("busy", state.busy > 0);
  }

  function describe(v) {
    const t = v.totals || {};
    const n = (x) => (x || 0).toLocaleString("en-US");
    return "Model “" + v.model + "” (" + v.source_format + "): " + n(t.params) + " params, " +
      n(t.trainable_params) + " trainable, " + n(t.non_trainable_params) + " non-trainable.";
  }

  function download(id, data, type, name) {
    const a = $(id);
    const url = URL.createObjectURL(new Blob([data], { type: type }));
    state.urls.push(url);
    a.href = url;
    a.download = name;
  }

  function parseSVG(text, variant, hidden) {
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    const svg = doc.documentElement;
    if (!svg || svg.nodeName !== "svg") throw new Error("the diagram could not be read");
    const el = document.importNode(svg, true);
    el.dataset.variant = variant;
    if (hidden) el.classList.add("hidden");
    return el;
  }

  function show(v) {
    state.view = v;
    for (const u of state.urls) URL.revokeObjectURL(u);
    state.urls = [];
    $("result").classList.remove("hidden");
    $("table").textContent = v.text;
    // Models in the input.
    const pick = $("model");
    const many = v.models && v.models.length > 1;
    $("model-pick").classList.toggle("hidden", !many);
    if (many) {
      pick.replaceChildren(...v.models.map((m) => new Option(m, m, false, m === v.model)));
    }
    // Warnings.
    const ws = $("warnings");
    ws.replaceChildren(...(v.warnings || []).map((w) => { const li = document.createElement("li"); li.textContent = w; return li; }));
    ws.classList.toggle("hidden", !(v.warnings && v.warnings.length));
    // Diagram.
    const view = $("diagram-view");
    const expanded = $("expand").checked;
    const els = [];
    try {
      if (v.svg_expanded) {
        els.push(parseSVG(v.svg, "collapsed", expanded));
        els.push(parseSVG(v.svg_expanded, "expanded", !expanded));
      } else {
        els.push(parseSVG(v.svg, "", false));
      }
    } catch (e) {
      setStatus(e.message, true);
    }
    view.replaceChildren(...els);
    $("expand-diagram-label").classList.toggle("hidden", !v.svg_expanded);
    $("expand-diagram").checked = expanded;
    NetsumDiagram.attach($("tab-diagram"));
    NetsumDiagram.showVariant($("tab-diagram"), expanded);
    // Explanation.
    const hasExplain = !!(v.explain || v.explain_error);
    $("tab-explain-btn").classList.toggle("hidden", !state.explain);
    $("explain").textContent = v.explain || "";
    $("explain-error").textContent = v.explain_error ? "No explanation: " + v.explain_error : "";
    $("explain-error").classList.toggle("hidden", !v.explain_error);
    if (!hasExplain && currentTab() === "explain") selectTab("table");
    // Downloads: the CLI's bytes.
    const base = (v.model || "model").replace(/[^A-Za-z0-9._-]+/g, "_");
    download("dl-json", v.json, "application/json", base + ".json");
    download("dl-csv", v.csv, "text/csv", base + ".csv");
    download("dl-svg", $("expand").checked && v.svg_expanded ? v.svg_expanded : v.svg, "image/svg+xml", base + ".svg");
  }

  function currentTab() {
    const b = document.querySelector('.tabs [aria-selected="true"]');
    return b ? b.dataset.tab : "table";
  }

  function selectTab(name) {
    for (const b of document.querySelectorAll(".tabs [data-tab]")) {
      const on = b.dataset.tab === name;
      b.setAttribute("aria-selected", on ? "true" : "false");
      $("tab-" + b.dataset.tab).classList.toggle("hidden", !on);
    }
  }

  // Input: typing or pasting replaces any file.
  function useText() {
    const text = $("code").value;
    state.body = new Blob([text], { type: "text/plain" });
    // Pasted text is JSON or Python; the name helps detection and messages.
    state.name = /^\s*[{[]/.test(text) ? "" : "pasted.py";
    $("file-name").textContent = "";
  }

  function useFile(f) {
    if (state.maxUpload && f.size > state.maxUpload) {
      setStatus(f.name + " is " + f.size.toLocaleString("en-US") + " bytes; this server reads up to " +
        state.maxUpload.toLocaleString("en-US") + " (netsum serve --max-upload).", true);
      return;
    }
    state.body = f;
    state.name = f.name;
    $("file-name").textContent = f.name + " (" + f.size.toLocaleString("en-US") + " bytes)";
    // A text file is shown so it can be edited; a binary one is not.
    if (f.size < 2 << 20 && /\.(py|json|txt)$/i.test(f.name)) {
      f.text().then((t) => { $("code").value = t; });
    } else {
      $("code").value = "";
    }
    summarize();
  }

  function init() {
    fetch("/api/info").then((r) => r.json()).then((info) => {
      $("version").textContent = "v" + info.version;
      state.explain = info.explain;
      const sel = $("style");
      for (const s of info.styles) {
        sel.add(new Option(s.name + " — " + s.versions, s.name));
      }
      $("tab-explain-btn").classList.toggle("hidden", !info.explain);
      state.maxUpload = info.max_upload;
    }).catch(() => setStatus("The server does not answer.", true));

    // Typing updates the input as it goes, so Summarize sends what is shown
    // (or the file last opened, if nothing was typed since).
    $("run").addEventListener("click", () => { if (!state.body) useText(); summarize(); });
    $("code").addEventListener("input", useText);
    $("code").addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); useText(); summarize(); }
    });
    $("file").addEventListener("change", () => { const f = $("file").files[0]; if (f) useFile(f); });
    // A file dropped anywhere on the page is read (the browser would
    // otherwise open it in place of the page); the box lights up.
    const drop = $("drop");
    for (const t of ["dragenter", "dragover"]) {
      document.addEventListener(t, (ev) => { ev.preventDefault(); drop.classList.add("over"); });
    }
    for (const t of ["dragleave", "dragend"]) {
      document.addEventListener(t, (ev) => { if (!ev.relatedTarget) drop.classList.remove("over"); });
    }
    document.addEventListener("drop", (ev) => {
      ev.preventDefault();
      drop.classList.remove("over");
      const f = ev.dataTransfer && ev.dataTransfer.files && ev.dataTransfer.files[0];
      if (f) useFile(f);
    });
    $("style").addEventListener("change", restyle);
    $("expand").addEventListener("change", () => { if (state.view) summarize(); });
    $("model").addEventListener("change", summarize);
    for (const id of ["define", "input-size", "dims"]) {
      $(id).addEventListener("keydown", (ev) => {
        if (ev.key === "Enter") { ev.preventDefault(); if (!state.body) useText(); summarize(); }
      });
    }
    for (const b of document.querySelectorAll(".tabs [data-tab]")) {
      b.addEventListener("click", () => selectTab(b.dataset.tab));
    }
  }

  init();
})();

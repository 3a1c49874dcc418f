// netsum diagram viewer: zoom, nested model groups that collapse, the
// expanded/collapsed variants, and selection of a layer. Shared by the
// page `netsum --format html` writes (inlined) and by `netsum serve`
// (/static/diagram.js). No dependencies, no network, no inline styles.
"use strict";
(function (global) {
  const ZOOMS = [0.25, 0.33, 0.5, 0.67, 0.8, 1, 1.25, 1.5, 2, 3];

  // svgs returns the diagram variants in a container.
  function svgs(container) {
    return Array.from(container.querySelectorAll("svg.netsum-diagram"));
  }

  function visible(container) {
    return svgs(container).find((s) => !s.classList.contains("hidden")) || null;
  }

  function setZoom(container, z) {
    container.dataset.zoomLevel = String(z);
    for (const svg of svgs(container)) {
      if (!svg.dataset.baseWidth) {
        svg.dataset.baseWidth = svg.getAttribute("width");
        svg.dataset.baseHeight = svg.getAttribute("height");
      }
      svg.setAttribute("width", String(Math.round(parseFloat(svg.dataset.baseWidth) * z)));
      svg.setAttribute("height", String(Math.round(parseFloat(svg.dataset.baseHeight) * z)));
    }
    const label = container.querySelector("[data-zoom-label]");
    if (label) label.textContent = Math.round(z * 100) + "%";
  }

  function zoomStep(container, dir) {
    const z = parseFloat(container.dataset.zoomLevel || "1");
    let i = ZOOMS.findIndex((v) => v >= z - 1e-9);
    if (i < 0) i = ZOOMS.length - 1;
    if (dir > 0) i = Math.min(ZOOMS.length - 1, ZOOMS[i] > z + 1e-9 ? i : i + 1);
    else i = Math.max(0, ZOOMS[i] < z - 1e-9 ? i : i - 1);
    setZoom(container, ZOOMS[i]);
  }

  function fit(container) {
    const svg = visible(container);
    const view = container.querySelector(".diagram-view") || container;
    if (!svg) return;
    const w = parseFloat(svg.dataset.baseWidth || svg.getAttribute("width"));
    const avail = view.clientWidth - 8;
    if (w > 0 && avail > 0) setZoom(container, Math.max(0.1, Math.min(1.5, avail / w)));
  }

  function showVariant(container, expanded) {
    for (const svg of svgs(container)) {
      const v = svg.dataset.variant || "";
      svg.classList.toggle("hidden", v !== "" && v !== (expanded ? "expanded" : "collapsed"));
    }
  }

  function toggleGroup(group) {
    const collapsed = !group.classList.contains("collapsed");
    group.classList.toggle("collapsed", collapsed);
    for (const child of group.children) {
      // display="none" hides nested groups too, whatever their own state.
      if (child.classList.contains("group-body")) {
        if (collapsed) child.setAttribute("display", "none"); else child.removeAttribute("display");
      }
      if (child.classList.contains("group-summary")) {
        if (collapsed) child.removeAttribute("display"); else child.setAttribute("display", "none");
      }
    }
    const mark = group.querySelector(":scope > .group-head .group-toggle");
    if (mark) mark.textContent = collapsed ? "+" : "−";
  }

  // select highlights the boxes of a layer (by data-path or data-name) and
  // scrolls the first into view; it returns whether one was found.
  function select(container, key, scroll) {
    for (const el of container.querySelectorAll(".selected")) el.classList.remove("selected");
    const svg = visible(container);
    if (!svg || !key) return false;
    const esc = (global.CSS && CSS.escape) ? CSS.escape(key) : key.replace(/["\\]/g, "\\$&");
    let found = svg.querySelectorAll('[data-path="' + esc + '"]');
    if (!found.length) found = svg.querySelectorAll('[data-name="' + esc + '"]');
    for (const el of found) el.classList.add("selected");
    if (found.length && scroll !== false) {
      found[0].scrollIntoView({ block: "center", inline: "center", behavior: "smooth" });
    }
    return found.length > 0;
  }

  function attach(container, opts) {
    opts = opts || {};
    if (container.dataset.netsumAttached) {
      setZoom(container, parseFloat(container.dataset.zoomLevel || "1"));
      return;
    }
    container.dataset.netsumAttached = "1";
    container.addEventListener("click", (ev) => {
      const t = ev.target;
      if (!(t instanceof Element)) return;
      const z = t.closest("[data-zoom]");
      if (z) {
        const v = z.getAttribute("data-zoom");
        if (v === "in") zoomStep(container, 1);
        else if (v === "out") zoomStep(container, -1);
        else if (v === "fit") fit(container);
        else setZoom(container, parseFloat(v) || 1);
        return;
      }
      const head = t.closest(".group-head");
      if (head && head.parentElement) {
        toggleGroup(head.parentElement);
        return;
      }
      const node = t.closest("g.node, g.group");
      if (node) {
        select(container, node.getAttribute("data-path"), false);
        if (opts.onSelect) opts.onSelect(node.getAttribute("data-path"), node.getAttribute("data-name"));
      }
    });
    const view = container.querySelector(".diagram-view");
    if (view) {
      view.addEventListener("wheel", (ev) => {
        if (!ev.ctrlKey) return;
        ev.preventDefault();
        zoomStep(container, ev.deltaY < 0 ? 1 : -1);
      }, { passive: false });
    }
    const expand = container.querySelector("[data-expand]");
    if (expand) {
      expand.addEventListener("change", () => showVariant(container, expand.checked));
      showVariant(container, expand.checked);
    }
    setZoom(container, 1);
  }

  global.NetsumDiagram = { attach, select, setZoom, fit, showVariant, toggleGroup };
})(window);

// The tile-grid map (kcdash.tilemap.tile_map gives the data). Every text is set as text, never
// as markup. Clickable maps are one tab stop: arrow keys move between tiles by their place on the
// grid, Home/End go to the first/last tile, Enter or Space (or a click) reports the tile's code.
const focusAfterRerun = new Map(); // map key -> code of the tile last activated with the keyboard

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function nearest(tiles, from, dx, dy) {
  // the closest tile in the direction (dx, dy): along that axis first, then across it
  let best = null;
  let bestCost = Infinity;
  for (const t of tiles) {
    const along = (t.col - from.col) * dx + (t.row - from.row) * dy;
    if (along <= 0) continue;
    const across = Math.abs(dx ? t.row - from.row : t.col - from.col);
    const cost = along + 2 * across;
    if (cost < bestCost) { best = t; bestCost = cost; }
  }
  return best;
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const root = parentElement.querySelector(".kc-map");
  if (!root || !data) return;
  const keyboardCode = focusAfterRerun.get(data.key);
  focusAfterRerun.delete(data.key);
  root.replaceChildren();
  if (data.title) root.appendChild(el("p", "title", data.title));
  const frame = el("div", "frame");
  const grid = el("div", "grid");
  grid.setAttribute("role", data.clickable ? "group" : "list");
  grid.setAttribute("aria-label", data.label);
  grid.style.gridTemplateColumns = `repeat(${data.cols}, minmax(0, 1fr))`;
  frame.style.maxWidth = `${data.cols * (data.tile_px + 3)}px`; // the mark and the scale span the tiles only
  frame.style.setProperty("--cols", String(data.cols));
  const order = [...data.tiles].sort((a, b) => a.row - b.row || a.col - b.col); // reading order
  const buttons = new Map();
  const start = order.find((t) => t.code === keyboardCode) || order.find((t) => t.focus) || order[0];
  for (const t of order) {
    const tile = el(data.clickable ? "button" : "div", "tile" + (t.focus ? " focus" : "") + (t.absent ? " absent" : ""));
    tile.style.gridColumn = String(t.col + 1);
    tile.style.gridRow = String(t.row + 1);
    if (!t.absent) {
      tile.style.background = t.fill;
      tile.style.color = t.ink;
    }
    if (t.focus) {
      tile.style.borderColor = data.focus_line;
      tile.style.borderWidth = "3px";
    }
    tile.title = t.hover;
    tile.setAttribute("aria-label", t.hover);
    tile.dataset.code = t.code;
    tile.appendChild(el("span", "abbr", t.abbr));
    tile.appendChild(el("span", "value", t.value));
    if (data.clickable) {
      tile.type = "button";
      tile.tabIndex = t === start ? 0 : -1;
      tile.addEventListener("click", (event) => {
        if (event.detail === 0) focusAfterRerun.set(data.key, t.code); // Enter/Space: keep the keyboard here
        setTriggerValue("clicked", t.code);
      });
      buttons.set(t.code, tile);
    } else {
      tile.setAttribute("role", "listitem");
    }
    grid.appendChild(tile);
  }
  if (data.clickable) {
    grid.addEventListener("keydown", (event) => {
      const here = order.find((t) => t.code === event.target.dataset.code);
      if (!here) return;
      const moves = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowDown: [0, 1], ArrowUp: [0, -1] };
      let next = null;
      if (moves[event.key]) next = nearest(order, here, ...moves[event.key]);
      else if (event.key === "Home") next = order[0];
      else if (event.key === "End") next = order[order.length - 1];
      else return;
      event.preventDefault();
      if (!next) return;
      event.target.tabIndex = -1;
      const target = buttons.get(next.code);
      target.tabIndex = 0;
      target.focus();
    });
  }
  frame.appendChild(grid);
  if (data.mark) {
    const wm = el("div", "wm", data.mark);
    wm.setAttribute("aria-hidden", "true");
    frame.appendChild(wm);
  }
  root.appendChild(frame);
  if (data.colorbar) {
    const scale = el("div", "scale");
    scale.style.maxWidth = frame.style.maxWidth;
    scale.appendChild(el("div", "", data.colorbar.title));
    const bar = el("div", "bar");
    bar.style.background = `linear-gradient(to right, ${data.colorbar.stops.join(", ")})`;
    bar.setAttribute("aria-hidden", "true");
    scale.appendChild(bar);
    const ends = el("div", "ends");
    ends.appendChild(el("span", "", data.colorbar.low));
    ends.appendChild(el("span", "", data.colorbar.high));
    scale.appendChild(ends);
    root.appendChild(scale);
  }
  if (data.legend && data.legend.length) {
    const legend = el("div", "legend");
    for (const item of data.legend) {
      const entry = el("span", "");
      const swatch = el("span", "swatch");
      swatch.style.background = item.fill;
      swatch.setAttribute("aria-hidden", "true");
      entry.appendChild(swatch);
      entry.appendChild(document.createTextNode(item.label));
      legend.appendChild(entry);
    }
    root.appendChild(legend);
  }
  if (keyboardCode && buttons.has(keyboardCode)) buttons.get(keyboardCode).focus();
}

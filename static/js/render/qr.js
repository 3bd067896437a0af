// A QR code of the join link, drawn on a canvas (no inline markup, no styles in attributes).

import {h} from "../dom.js";

export function qrCanvas(text, {size = 320} = {}) {
  const qr = qrcode(0, "M");
  qr.addData(text);
  qr.make();
  const count = qr.getModuleCount();
  const quiet = 4;
  const cells = count + quiet * 2;
  const scale = Math.max(1, Math.floor(size / cells));
  const canvas = h("canvas", {class: "qr", role: "img", "aria-label": `QR code for ${text}`});
  canvas.width = cells * scale;
  canvas.height = cells * scale;
  const g = canvas.getContext("2d");
  g.fillStyle = "#ffffff";
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.fillStyle = "#111111";
  for (let r = 0; r < count; r += 1) {
    for (let c = 0; c < count; c += 1) {
      if (qr.isDark(r, c)) g.fillRect((c + quiet) * scale, (r + quiet) * scale, scale, scale);
    }
  }
  return canvas;
}

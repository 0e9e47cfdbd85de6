// Download the drawing as SVG or PNG, made from the same SVG the editor shows.

function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function svgText(svg) {
  const copy = svg.cloneNode(true);
  copy.querySelectorAll("[data-editor-only]").forEach((element) => element.remove());
  copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  return new XMLSerializer().serializeToString(copy);
}

export function downloadSvg(svg, filename) {
  download(new Blob([svgText(svg)], { type: "image/svg+xml" }), `${filename}.svg`);
}

export function downloadPng(svg, filename, scale = 2) {
  const box = svg.viewBox.baseVal;
  const width = Math.round(svg.clientWidth * scale) || 1600;
  const height = Math.round(width * (box.height / box.width));
  const url = URL.createObjectURL(new Blob([svgText(svg)], { type: "image/svg+xml" }));
  const image = new Image();
  image.onload = () => {
    const canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, width, height);
    context.drawImage(image, 0, 0, width, height);
    URL.revokeObjectURL(url);
    canvas.toBlob((blob) => download(blob, `${filename}.png`), "image/png");
  };
  image.src = url;
}

// Draws resources/icon.svg at every size the installers need, in the system Chromium (the one the e2e
// suite uses), and writes the icon set electron-builder packages: icons/NxN.png (Linux), icon.png,
// icon.ico (Windows: BMP images up to 48 px, PNG at 256 px) and icon.icns (macOS: PNG images).
// Run with `npm run icons` after changing the SVG; the results are committed.
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const here = fileURLToPath(new URL('.', import.meta.url));
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
// ICNS types holding PNG data, by pixel size (the @2x types reuse the next size up)
const ICNS = [
  ['ic11', 32],
  ['ic12', 64],
  ['ic07', 128],
  ['ic13', 256],
  ['ic08', 256],
  ['ic14', 512],
  ['ic09', 512],
  ['ic10', 1024],
];

const executablePath = process.env.CHROMIUM_PATH || execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
const svg = await readFile(join(here, 'icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
await page.setContent('<body></body>');
/** size -> { png: Buffer, rgba: Buffer } drawn by the browser's own SVG renderer */
const images = new Map();
for (const size of SIZES) {
  const { png, rgba } = await page.evaluate(
    async ({ svg, size }) => {
      const img = new Image();
      img.src = `data:image/svg+xml;base64,${btoa(svg)}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = size;
      const ctx = canvas.getContext('2d');
      ctx.imageSmoothingQuality = 'high';
      ctx.drawImage(img, 0, 0, size, size);
      const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
      const bytes = new Uint8Array(await blob.arrayBuffer());
      const data = ctx.getImageData(0, 0, size, size).data;
      return { png: Array.from(bytes), rgba: Array.from(data) };
    },
    { svg, size },
  );
  images.set(size, { png: Buffer.from(png), rgba: Buffer.from(rgba) });
}
await browser.close();

await rm(join(here, 'icons'), { recursive: true, force: true });
await mkdir(join(here, 'icons'));
for (const size of SIZES) await writeFile(join(here, 'icons', `${size}x${size}.png`), images.get(size).png);
await writeFile(join(here, 'icon.png'), images.get(1024).png);
await writeFile(join(here, 'icon.ico'), ico(ICO_SIZES.map((size) => ({ size, ...images.get(size) }))));
await writeFile(join(here, 'icon.icns'), icns(ICNS.map(([type, size]) => ({ type, png: images.get(size).png }))));
console.log(`icons written to ${here}`);

/** An ICO file: a directory of images, BMP (32-bit BGRA with an AND mask) below 256 px, PNG at 256. */
function ico(entries) {
  const images = entries.map(({ size, png, rgba }) => (size >= 256 ? png : bmp(size, rgba)));
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(entries.length, 4);
  const directory = Buffer.alloc(16 * entries.length);
  let offset = 6 + directory.length;
  entries.forEach(({ size }, i) => {
    const at = i * 16;
    directory.writeUInt8(size >= 256 ? 0 : size, at);
    directory.writeUInt8(size >= 256 ? 0 : size, at + 1);
    directory.writeUInt16LE(1, at + 4);
    directory.writeUInt16LE(32, at + 6);
    directory.writeUInt32LE(images[i].length, at + 8);
    directory.writeUInt32LE(offset, at + 12);
    offset += images[i].length;
  });
  return Buffer.concat([header, directory, ...images]);
}

function bmp(size, rgba) {
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  // height counts the colour rows and the mask rows
  header.writeInt32LE(size * 2, 8);
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // bottom-up rows, BGRA
      const from = (y * size + x) * 4;
      const to = ((size - 1 - y) * size + x) * 4;
      pixels[to] = rgba[from + 2];
      pixels[to + 1] = rgba[from + 1];
      pixels[to + 2] = rgba[from];
      pixels[to + 3] = rgba[from + 3];
    }
  }
  // the AND mask: all zero (the alpha channel does the work), rows padded to 4 bytes
  const mask = Buffer.alloc(Math.ceil(size / 32) * 4 * size);
  return Buffer.concat([header, pixels, mask]);
}

/** An ICNS file: 'icns', total length, then typed PNG entries. */
function icns(entries) {
  const parts = entries.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + parts.reduce((n, p) => n + p.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

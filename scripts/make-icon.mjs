// Draws media/icon.png, the 128 px Marketplace icon: the activity-bar shield and key of media/konexus.svg,
// filled white on a blue rounded square. Node built-ins only (zlib and a small PNG encoder), so anyone can
// redraw it with `node scripts/make-icon.mjs`; the output is byte-for-byte the same on every run.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4; // 4×4 samples a pixel: anti-aliased edges

// The shapes, in the 24-unit coordinates of konexus.svg, placed in the middle of the square.
const UNIT = 4.6;
const OFFSET_X = (SIZE - 24 * UNIT) / 2;
const OFFSET_Y = (SIZE - 24 * UNIT) / 2 + 1;

/** Inside the shield: a roof from (12,2.5) to (4|20,5.5), straight sides to y 11.5, a curve down to (12,21.5). */
function inShield(x, y) {
  if (y < 2.5 || y > 21.5) return false;
  let halfWidth;
  if (y < 5.5) halfWidth = ((y - 2.5) / 3) * 8;
  else if (y <= 11.5) halfWidth = 8;
  else halfWidth = 8 * Math.cos(((y - 11.5) / 10) * (Math.PI / 2)) ** 0.75;
  return Math.abs(x - 12) <= halfWidth;
}

function distanceToSegment(x, y, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

/** On the key: a ring at (10,11) and a bit with two teeth, drawn with the svg's 1.6-unit stroke. */
function onKey(x, y) {
  const half = 0.8;
  if (Math.abs(Math.hypot(x - 10, y - 11) - 2.2) <= half) return true;
  return distanceToSegment(x, y, [12.2, 11], [16, 11]) <= half
    || distanceToSegment(x, y, [16, 11], [16, 13.2]) <= half
    || distanceToSegment(x, y, [14.5, 11], [14.5, 12.6]) <= half;
}

function inRoundedSquare(px, py) {
  const radius = 26;
  const cx = Math.max(radius, Math.min(SIZE - radius, px));
  const cy = Math.max(radius, Math.min(SIZE - radius, py));
  return Math.hypot(px - cx, py - cy) <= radius;
}

/** The background at a point: a diagonal gradient from #2f7fe0 (top left) to #143f8c (bottom right). */
function background(px, py) {
  const t = (px + py) / (2 * SIZE);
  const mix = (a, b) => a + (b - a) * t;
  return [mix(0x2f, 0x14), mix(0x7f, 0x3f), mix(0xe0, 0x8c)];
}

const rgba = Buffer.alloc(SIZE * SIZE * 4);
for (let row = 0; row < SIZE; row++) {
  for (let column = 0; column < SIZE; column++) {
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const px = column + (sx + 0.5) / SAMPLES;
        const py = row + (sy + 0.5) / SAMPLES;
        if (!inRoundedSquare(px, py)) continue;
        const ux = (px - OFFSET_X) / UNIT;
        const uy = (py - OFFSET_Y) / UNIT;
        const color = inShield(ux, uy) && !onKey(ux, uy) ? [255, 255, 255] : background(px, py);
        r += color[0]; g += color[1]; b += color[2]; a += 1;
      }
    }
    const at = (row * SIZE + column) * 4;
    // Straight (not premultiplied) alpha: the colour of the covered samples, the coverage as alpha.
    rgba[at] = a ? Math.round(r / a) : 0;
    rgba[at + 1] = a ? Math.round(g / a) : 0;
    rgba[at + 2] = a ? Math.round(b / a) : 0;
    rgba[at + 3] = Math.round((a / (SAMPLES * SAMPLES)) * 255);
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bits per channel
header[9] = 6; // RGBA
// Every row with filter type 0 (none): the image is small, and zlib does the rest.
const rows = Buffer.concat(Array.from({ length: SIZE }, (_, row) => Buffer.concat([Buffer.from([0]), rgba.subarray(row * SIZE * 4, (row + 1) * SIZE * 4)])));
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(rows, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);

const target = new URL('../media/icon.png', import.meta.url);
writeFileSync(target, png);
console.log(`[make-icon] ${target.pathname} ${png.length} bytes`);

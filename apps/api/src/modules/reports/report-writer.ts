import { PassThrough, type Readable } from 'node:stream';
import PDFDocument from 'pdfkit';
import { csvLine } from '../../platform/csv.js';

// Renders a report as it is read: rows go straight into the PDF or CSV stream, which goes straight
// to storage. PDFs carry a title, the university, the filters, the generation time, a table whose
// header repeats on every page, and page numbers.

export interface Column {
  key: string;
  label: string;
  /** Share of the PDF table's width (the PDF's columns sum to 1). */
  width: number;
  /** A column only one format carries: the full lists and timestamps of a CSV, a PDF's short form. */
  only?: 'csv' | 'pdf';
}

export interface ReportMeta {
  title: string;
  university: string;
  filters: string[];
  generatedAt: Date;
  /** Wide tables (the access review) print across the page. */
  landscape?: boolean;
}

export interface ReportWriter {
  readonly stream: Readable;
  readonly contentType: string;
  write(rows: Record<string, unknown>[]): void;
  end(): void;
}

const text = (v: unknown) => (v === null || v === undefined ? '—' : String(v));

export function csvWriter(all: Column[]): ReportWriter {
  const columns = all.filter((c) => c.only !== 'pdf');
  const out = new PassThrough();
  out.write(csvLine(columns.map((c) => c.label)));
  return {
    stream: out,
    contentType: 'text/csv; charset=utf-8',
    write: (rows) => {
      out.write(rows.map((r) => csvLine(columns.map((c) => r[c.key]))).join(''));
    },
    end: () => out.end(),
  };
}

export function pdfWriter(all: Column[], meta: ReportMeta): ReportWriter {
  const columns = all.filter((c) => c.only !== 'csv');
  const doc = new PDFDocument({ size: 'A4', layout: meta.landscape ? 'landscape' : 'portrait', margin: 40, info: { Title: meta.title, Author: 'Bitflow Owner Portal' } });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const rowHeight = 16;
  let page = 1;

  const footer = () => {
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing inside the margin must not start a new page
    doc.fontSize(8).fillColor('#666').text(`${meta.title} · ${meta.university}`, left, doc.page.height - 28, { width: width / 2, lineBreak: false });
    doc.text(`Page ${page}`, left + width / 2, doc.page.height - 28, { width: width / 2, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
    doc.fillColor('black');
  };

  const header = () => {
    const y = doc.y;
    doc.rect(left, y - 2, width, rowHeight).fill('#1e3a5f');
    doc.fillColor('white').font('Helvetica-Bold').fontSize(9);
    let x = left;
    for (const c of columns) {
      doc.text(c.label, x + 3, y + 2, { width: c.width * width - 6, height: rowHeight, ellipsis: true, lineBreak: false });
      x += c.width * width;
    }
    doc.fillColor('black').font('Helvetica');
    doc.y = y + rowHeight;
  };

  doc.font('Helvetica-Bold').fontSize(18).text(meta.title);
  doc.font('Helvetica').fontSize(11).fillColor('#333').text(meta.university);
  doc.fontSize(9).text(`Generated ${meta.generatedAt.toISOString().replace('T', ' ').slice(0, 16)} UTC`);
  doc.text(`Filters: ${meta.filters.length ? meta.filters.join('; ') : 'none'}`);
  doc.fillColor('black').moveDown();
  header();

  let count = 0;
  return {
    stream: doc as unknown as Readable,
    contentType: 'application/pdf',
    write(rows) {
      doc.fontSize(9);
      for (const r of rows) {
        if (doc.y + rowHeight > doc.page.height - doc.page.margins.bottom - 20) {
          footer();
          doc.addPage();
          page++;
          header();
        }
        const y = doc.y;
        if (count % 2 === 1) doc.rect(left, y - 2, width, rowHeight).fill('#f1f4f8').fillColor('black');
        let x = left;
        for (const c of columns) {
          doc.text(text(r[c.key]), x + 3, y + 2, { width: c.width * width - 6, height: rowHeight, ellipsis: true, lineBreak: false });
          x += c.width * width;
        }
        doc.y = y + rowHeight;
        count++;
      }
    },
    end() {
      if (count === 0) doc.moveDown().fontSize(10).text('No records match these filters.', left);
      footer();
      doc.end();
    },
  };
}

// Records what csv-parse 5.5.0 (the version n8n-nodes-base 2.8.1 pins) makes of awkward CSV, read as n8n's Extract
// From File / Spreadsheet File read it (columns from the header row, onRecord, skip events counted), for
// libs/nodes' CsvSkipRecordsTest. Re-record:
//   npm install --prefix /tmp/cp csv-parse@5.5.0
//   NODE_PATH=/tmp/cp/node_modules node scripts/n8n-diff/csv-skip-cases.mjs \
//     > libs/nodes/src/test/resources/io/hetumind/nodes/files/csv-skip-cases.json
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { parse } = require('csv-parse');

const inputs = [
  'a,b\n1,2\n3,4,5\n6,7',
  'a,b\n"x"y,2\n3,4',
  'a,b\n1,"open\n2,3\n',
  'a,b\n1,x"y\n3,4',
  'a,b\n"x"y"z",2\n3,4\n5,6',
  'a,b\n"x"y,2\n3,"4"\n5,6',
  'a,b,c\n1,2\n3,4,5\n"q"w"e,1,2\n7,8,9',
  '1,2\n3\n4,5,6\n7,8',
  'a,b\n\n1,2\n',
  'a,b\n1,"x""y"\n"a"b"c"\n9,9',
  'a,b\n1,2\n3',
  'a,b\n1"x"y,2\n3,4',
  'a,b\r\n"x"y,2\r\n3,4\r\n',
  'a,b\n"ok",2\n"bad"\n"x",y"\n7,8',
  'h\n"a"b\n"c"d"\ne\n',
  'a,b\n"1\r\n2",3\n"x"y\nz",4\n5,6',
  'a,b\n,\n""\n"",""',
  'a\n"unterminated',
  '"a","b"\n"1","2"x\n3,4\n',
  'a,b\n1,2\n\n\n3,4\n',
  'a,b\n1,"two\nlines"x,3\n4,5\n',
  'a;b,c\n"é",ü\n"\\",x',
];

function read(text, { headerRow, relaxQuotes, skip }) {
  return new Promise((resolve) => {
    const rows = [];
    let skipped = 0;
    const parser = parse({
      delimiter: ',',
      columns: headerRow,
      relax_quotes: relaxQuotes,
      skip_records_with_error: skip,
      onRecord: (record) => rows.push(record),
    });
    parser.on('skip', () => (skipped += 1));
    parser.on('error', (e) => resolve({ error: e.message, skipped }));
    parser.on('end', () => resolve({ rows: headerRow ? rows : rows.map((row) => ({ row })), skipped }));
    parser.on('readable', () => { while (parser.read() !== null); });
    parser.write(Buffer.from(text));
    parser.end();
  });
}

const cases = [];
for (const text of inputs) {
  for (const headerRow of [true, false]) {
    for (const relaxQuotes of [false, true]) {
      for (const skip of [false, true]) {
        cases.push({ text, headerRow, relaxQuotes, skip, ...(await read(text, { headerRow, relaxQuotes, skip })) });
      }
    }
  }
}
console.log(JSON.stringify(cases, null, 1));

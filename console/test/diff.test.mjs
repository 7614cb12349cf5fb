// Unit tests of the line diff, run with node's test runner (go test ./console/ runs them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffLines } from '../src/components/diff.js';

const ops = (d) => d.map((l) => l.op + l.text);

test('a changed line reads old then new', () => {
  assert.deepEqual(ops(diffLines('a\nb\nc', 'a\nB\nc')), [' a', '-b', '+B', ' c']);
});

test('line numbers on each side', () => {
  const d = diffLines('x\ny', 'w\nx\ny');
  assert.deepEqual(d.map((l) => [l.op, l.a, l.b]), [['+', 0, 1], [' ', 1, 2], [' ', 2, 3]]);
});

test('equal texts have no change', () => {
  assert.ok(diffLines('same\ntext', 'same\ntext').every((l) => l.op === ' '));
});

test('empty to something', () => {
  assert.deepEqual(ops(diffLines('', 'a')), ['-', '+a']);
});

test('too long is refused rather than freezing the tab', () => {
  assert.equal(diffLines('x\n'.repeat(5000), 'y'), null);
});

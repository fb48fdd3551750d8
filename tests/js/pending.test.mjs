// The moves a box of controls keeps until a run has taken them (pending.js).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { numberText, report, settled, shownValue, typedNumber, withMove } from '../../regviz/ui/assets/pending.js';

test('a move made while a run is busy is sent again with the next and shown until a run takes it', () => {
  let pending = withMove({}, 'n', '40', 1);
  pending = withMove(pending, 'degree', '3', 2); // before any run answered
  assert.deepEqual(report(pending, 2), { moves: { n: '40', degree: '3' }, seq: 2 });
  pending = settled(pending, 1); // a run took report 1 only
  assert.deepEqual(report(pending, 2), { moves: { degree: '3' }, seq: 2 });
  assert.equal(shownValue({ name: 'degree', value: '9' }, pending), '3'); // not the run's older value
  assert.equal(shownValue({ name: 'n', value: '40' }, pending), '40');
  pending = settled(pending, 2);
  assert.deepEqual(pending, {});
  assert.equal(shownValue({ name: 'degree', value: '9' }, pending), '9'); // the run's, once taken (or refused)
});

test('a later move of the same control replaces the earlier, and a run that took nothing settles nothing', () => {
  let pending = withMove(withMove({}, 'n', '40', 1), 'n', '50', 2);
  assert.deepEqual(report(pending, 2).moves, { n: '50' });
  assert.equal(settled(pending, null), pending);
  pending = settled(pending, 1);
  assert.deepEqual(report(pending, 2).moves, { n: '50' });
});

test('numbers read with the decimals of their step', () => {
  assert.equal(numberText('0.35000000000000003', 0.05), '0.35');
  assert.equal(numberText(0.3, 0.05), '0.30');
  assert.equal(numberText('30', 1), '30');
  assert.equal(numberText(-0.8, 0.1), '-0.8');
});

test('a typed number is snapped to its grid and refused outside its bounds or when it is none', () => {
  const seed = { min: 0, max: 9999, step: 1 };
  assert.equal(typedNumber(' 7 ', seed), '7');
  assert.equal(typedNumber('7.4', seed), '7');
  for (const bad of ['', 'abc', '1e3', '-1', '10000', '7,5', 'NaN', 'Infinity']) assert.equal(typedNumber(bad, seed), null, bad);
  assert.equal(typedNumber('0.33', { min: 0, max: 1.5, step: 0.05 }), '0.35');
});

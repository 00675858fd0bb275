import { describe, expect, it } from 'vitest';
import { cidrCovers, parseCidr } from '../../../../lib/network/cidr';

describe('cidrCovers', () => {
  it.each([
    ['10.0.0.0/16', '10.0.1.0/24', true],
    ['10.0.1.0/24', '10.0.1.0/24', true],
    ['0.0.0.0/0', '10.0.1.0/24', true],
    ['10.0.1.0/25', '10.0.1.0/24', false],
    ['10.0.2.0/24', '10.0.1.0/24', false],
    ['10.1.0.0/16', '10.0.1.0/24', false],
    ['2001:db8::/32', '2001:db8:0:1::/64', true],
    ['::/0', '2001:db8:0:1::/64', true],
    ['2001:db8:0:2::/64', '2001:db8:0:1::/64', false],
    // Families never mix.
    ['0.0.0.0/0', '2001:db8:0:1::/64', false],
    ['::/0', '10.0.1.0/24', false],
  ])('%s covers %s: %s', (outer, inner, expected) => {
    expect(cidrCovers(outer, inner)).toBe(expected);
  });

  it.each([
    '10.0.0.0',
    '10.0.0.256/24',
    '10.0.0.0/33',
    '10.0.0/16',
    '2001:db8::1::/64',
    'pl-6da54004',
    '',
    '10.0.0.0/16/1',
  ])('reads %j as no CIDR, which covers nothing', (text) => {
    expect(parseCidr(text)).toBeUndefined();
    expect(cidrCovers(text, '10.0.1.0/24')).toBe(false);
  });

  it('parses the expanded and compressed IPv6 forms alike', () => {
    expect(parseCidr('2001:0db8:0000:0000:0000:0000:0000:0000/32')).toEqual(parseCidr('2001:db8::/32'));
  });
});

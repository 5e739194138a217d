import { clientKey } from './client-key';

describe('rate limit client key', () => {
  it('counts IPv4 per address, IPv4-mapped IPv6 included', () => {
    expect(clientKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts IPv6 per /64, however the address is written', () => {
    const key = '2001:db8:85a3:0::/64';
    expect(clientKey('2001:db8:85a3::1')).toBe(key);
    expect(clientKey('2001:0db8:85a3:0000:dead:beef:0:2')).toBe(key);
    expect(clientKey('2001:db8:85a3:0:ffff::9%eth0')).toBe(key);
    expect(clientKey('2001:db8:85a4::1')).not.toBe(key);
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
  });

  it('groups what it cannot read under one key', () => {
    expect(clientKey(undefined)).toBe('unknown');
    expect(clientKey('not an address')).toBe('unknown');
  });
});

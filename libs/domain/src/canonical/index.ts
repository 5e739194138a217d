export { canonicalJson, contentHash, sha256Hex } from './canonical-json';

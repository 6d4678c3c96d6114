import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256Hex } from './entry.ts';
import { EvidenceError } from './errors.ts';

/** File names `writeKeyPair` uses; the CLI looks for them too. */
export const PRIVATE_KEY_FILE = 'cavra-signing.key';
export const PUBLIC_KEY_FILE = 'cavra-signing.pub';

/** An Ed25519 signing key pair as PEM text (PKCS#8 private, SPKI public) and its key id. */
export interface SigningKeyPair {
  privateKeyPem: string;
  publicKeyPem: string;
  keyId: string;
}

/** A loaded private key with the public half and key id derived from it. */
export interface SigningKey {
  privateKey: KeyObject;
  publicKeyPem: string;
  keyId: string;
}

/** Generates a fresh Ed25519 key pair. */
export function generateKeyPair(): SigningKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    keyId: keyIdOf(publicKey),
  };
}

/** The key id: the first 16 hex characters of sha256 over the raw 32-byte Ed25519 public key. */
export function keyIdOf(publicKey: KeyObject | string): string {
  const key = typeof publicKey === 'string' ? parsePublicKey(publicKey) : publicKey;
  const jwk = key.export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
    throw new EvidenceError('key_invalid', `expected an Ed25519 public key, got ${jwk.kty}`, false);
  }
  return sha256Hex(Buffer.from(jwk.x, 'base64url')).slice(0, 16);
}

/** Parses a PEM Ed25519 private key. */
export function loadSigningKey(privateKeyPem: string): SigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(privateKeyPem);
  } catch (err) {
    throw new EvidenceError('key_invalid', 'signing key: expected a PEM private key', false, {
      cause: err,
    });
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    const got = String(privateKey.asymmetricKeyType);
    throw new EvidenceError('key_invalid', `signing key: expected Ed25519, got ${got}`, false);
  }
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    keyId: keyIdOf(publicKey),
  };
}

/** Parses a PEM Ed25519 public key. */
export function parsePublicKey(publicKeyPem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(publicKeyPem);
  } catch (err) {
    throw new EvidenceError('key_invalid', 'public key: expected a PEM public key', false, {
      cause: err,
    });
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    const got = String(key.asymmetricKeyType);
    throw new EvidenceError('key_invalid', `public key: expected Ed25519, got ${got}`, false);
  }
  return key;
}

/** Writes a new key pair into `dir`: the private key readable by its owner only (0600). */
export async function writeKeyPair(
  dir: string,
): Promise<{ privateKeyPath: string; publicKeyPath: string; keyId: string }> {
  const pair = generateKeyPair();
  const privateKeyPath = join(dir, PRIVATE_KEY_FILE);
  const publicKeyPath = join(dir, PUBLIC_KEY_FILE);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // flag 'wx': never overwrite an existing key, which would orphan every bundle it signed.
  await writeFile(privateKeyPath, pair.privateKeyPem, { mode: 0o600, flag: 'wx' });
  await writeFile(publicKeyPath, pair.publicKeyPem, { mode: 0o644, flag: 'wx' });
  return { privateKeyPath, publicKeyPath, keyId: pair.keyId };
}

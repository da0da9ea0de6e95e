// flagon/signing: itsdangerous: signers, timed signers, URL-safe serializers, and the session's tagged JSON.
// Named re-exports only.

export {
  BadData,
  BadPayload,
  BadSignature,
  BadTimeSignature,
  SignatureExpired,
} from './sessions/errors.ts';
export {
  compactJson,
  type SerializerOptions,
  type TextSerializer,
  type TimedLoadOptions,
  URLSafeSerializer,
  URLSafeTimedSerializer,
} from './sessions/serializer.ts';
export {
  HMACAlgorithm,
  type KeyDerivation,
  NoneAlgorithm,
  type SecretKey,
  Signer,
  type SignerOptions,
  type SigningAlgorithm,
  TimestampSigner,
  type UnsignOptions,
} from './sessions/signing.ts';
export { type JSONTag, TaggedJSONSerializer, TaggedMarkup, taggedJson } from './sessions/tagged-json.ts';

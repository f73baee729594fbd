// An independent verifier for the credentials elearn issues: Digital Bazaar's W3C VC library
// (@digitalbazaar/vc) with the eddsa-rdfc-2022 cryptosuite (jsonld.js canonicalisation in its
// default safe mode) and the Bitstring Status List checker. Nothing is fetched: contexts come
// from the npm packages (and 1EdTech's from the files elearn vendors, which no npm package
// carries), and every other document (the issuer's DID document, status lists) from the input.
//
// Input (stdin): {"credential": {...}, "documents": {"<url>": {...}}}
// Output (stdout): {"verified": bool, "revoked": bool | null, "error": string | null}

import {readFileSync} from 'node:fs';

import {contexts as credentialsContexts} from '@digitalbazaar/credentials-context';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import multikeyContext from '@digitalbazaar/multikey-context';
import * as vc from '@digitalbazaar/vc';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import didContext from 'did-context';

const vendored = new URL('../../../elearn/certificates/contexts/', import.meta.url);
const json = name => JSON.parse(readFileSync(new URL(name, vendored), 'utf8'));

const CONTEXTS = new Map([
  ...credentialsContexts,
  ...didContext.contexts,
  ...multikeyContext.contexts,
  ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json', json('ob-context-3.0.3.json')],
  ['https://purl.imsglobal.org/spec/ob/v3p0/extensions.json', json('ob-extensions.json')],
]);

// did:web (https://w3c-ccg.github.io/did-method-web/): did:web:host%3Aport[:path] ->
// https://host:port/.well-known/did.json (or /path/did.json)
function didWebUrl(did) {
  const [host, ...path] = did.slice('did:web:'.length).split(':').map(decodeURIComponent);
  return path.length ?
    `https://${host}/${path.join('/')}/did.json` : `https://${host}/.well-known/did.json`;
}

function makeLoader(documents) {
  const fromInput = url => {
    if(!(url in documents)) {
      throw new Error(`document not available offline: ${url}`);
    }
    return structuredClone(documents[url]);
  };
  return async url => {
    let document;
    if(CONTEXTS.has(url)) {
      document = structuredClone(CONTEXTS.get(url));
    } else if(url.startsWith('did:web:')) {
      const [did, fragment] = url.split('#');
      const didDocument = fromInput(didWebUrl(did));
      if(didDocument.id !== did) {
        throw new Error(`DID document of ${didDocument.id} served for ${did}`);
      }
      document = fragment === undefined ? didDocument : {
        '@context': didDocument['@context'],
        ...didDocument.verificationMethod.find(method => method.id === url)
      };
    } else {
      // only the http(s) URL of a status list; the input holds it as served
      document = fromInput(url);
    }
    return {contextUrl: null, documentUrl: url, document};
  };
}

const input = JSON.parse(readFileSync(0, 'utf8'));
const documentLoader = makeLoader(input.documents || {});
const suite = new DataIntegrityProof({cryptosuite});
const result = await vc.verifyCredential({
  credential: input.credential,
  suite,
  documentLoader,
  checkStatus: options => checkStatus({...options, suite, documentLoader}),
});
const statuses = result.statusResult?.results || [];
const error = result.error || result.results?.find(r => r.error)?.error ||
  result.statusResult?.error || statuses.find(r => r.error)?.error;
process.stdout.write(JSON.stringify({
  verified: Boolean(result.verified),
  revoked: statuses.length ? statuses.some(r => r.status === true) : null,
  error: error ? String(error.message || error) +
    (error.errors ? ': ' + error.errors.map(e => e.message).join('; ') : '') : null,
}) + '\n');

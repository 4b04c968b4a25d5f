// A gateway restarting listens before its pseudonym directory is read. A publication then must not
// be told its citizen is unknown (422, final): it is told to retry (503). Found by the fault
// campaign (test/faults): 102 publications refused 422 during a gateway's restart.
import { describe, expect, it } from 'vitest';
import { asPseudonym, newPivot } from '@relais/identity';
import { loadCatalog } from '@relais/contracts';
import { AvroSerde, systemClock, uuidGenerator, type RelaisProducer } from '@relais/kit';
import { createPublisher } from '../src/adapters/publisher.ts';
import { address } from './support.ts';

const mairie = loadCatalog().catalog.agencies.find((a) => a.id === 'mairie-lyon');

function publisherWith(loaded: boolean) {
  const pivot = newPivot();
  return createPublisher({
    catalog: loadCatalog().catalog,
    serde: new AvroSerde('http://127.0.0.1:1'),
    producer: {} as RelaisProducer,
    directory: { loaded, resolve: () => (loaded ? pivot : undefined) },
    clock: systemClock,
    ids: uuidGenerator,
  });
}

describe('publishing while the pseudonym directory loads', () => {
  it('answers 503 gateway.directory-loading, never 422 subject-unknown', async () => {
    const agency = { id: 'mairie-lyon', sector: 'local', urn: mairie?.urn ?? '' };
    const attempt = publisherWith(false).prepare(
      agency as never,
      'fr.gouv.residence.AddressChanged',
      { subject: asPseudonym('someone'), data: address },
    );
    await expect(attempt).rejects.toMatchObject({
      reason: 'gateway.directory-loading',
      status: 503,
    });
  });
});

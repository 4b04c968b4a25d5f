// The mandate attestation the citizen signs and the structure keeps (dec-040, the path for a
// citizen with no digital identity): an A4 PDF with the mandate's terms — structure, agent,
// scopes, duration, mode, dates, the attestation number — and lines for the citizen's name and
// signature, written by hand (Relais keeps no citizen's name). Deterministic for a given mandate.
import PDFDocument from 'pdfkit';
import type { MandateView } from './counter-api.ts';

const SCOPES: Record<string, string> = {
  CONSENTS: 'donner et retirer ses consentements / grant and withdraw consents',
  NOTICES: 'lire ses avis et imprimer ses courriers / read notices, print letters',
  PREFERENCES: 'consulter ses préférences / read preferences',
  DATA_FLOWS: 'voir qui a reçu ses données / see who received their data',
};

const day = (iso: string) => iso.slice(0, 10).split('-').reverse().join('/');

export function renderAttestation(m: MandateView): Promise<Buffer> {
  const created = new Date(m.createdAt);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 56, right: 56 },
    lang: 'fr-FR',
    info: {
      Title: `Attestation de mandat ${m.attestationId ?? m.mandateId}`,
      Author: m.structure.name,
      Creator: 'Relais counter',
      CreationDate: created,
      ModDate: created,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('Helvetica-Bold').fontSize(16).text('Attestation de mandat — Mandate attestation');
  doc.moveDown(0.5).font('Helvetica').fontSize(10);
  doc.text(`N° ${m.attestationId ?? '—'}   ·   ${m.structure.name}`);
  doc.moveDown();
  doc
    .fontSize(11)
    .text(
      `Je soussigné·e autorise les agents de ${m.structure.name} à agir pour moi dans Relais, ` +
        `pour ${m.durationDays} jour(s), du ${day(m.createdAt)} au ${day(m.expiresAt)}, ` +
        `${m.mode === 'REMOTE' ? 'en ma présence ou à distance' : 'en ma présence'}, pour :`,
    );
  doc.moveDown(0.5);
  for (const s of m.scopes) doc.text(`  •  ${SCOPES[s] ?? s}`);
  doc.moveDown();
  doc.text(
    'Je peux retirer ce mandat, en tout ou partie, à tout moment dans mon espace Relais ou au guichet. ' +
      'Chaque action faite pour moi y est inscrite.',
  );
  doc.moveDown();
  doc
    .fontSize(9)
    .text(
      `I authorise the agents of ${m.structure.name} to act for me in Relais for ${m.durationDays} day(s) ` +
        'for the purposes above; I may withdraw this mandate at any time, and every action is shown to me.',
    );
  doc.moveDown(2).fontSize(11);
  doc.text(`Agent : ${m.agentName}`);
  doc.moveDown();
  doc.text('Nom et prénoms de l’usager / Citizen’s name : ______________________________________');
  doc.moveDown(2);
  doc.text('Signature de l’usager / Citizen’s signature : ______________________________________');
  doc.moveDown(3).fontSize(8).text(`Référence du mandat : ${m.mandateId}`);
  doc.end();
  return done;
}

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Importer, ImportContext, ImportOutcome } from '../imports/importer';
import { createConsultation, participantHash } from './consultation.service';
import {
  displayName,
  locatePolisFiles,
  parsePolisComments,
  parsePolisSummary,
  parsePolisVotes,
} from './polis.parser';
import { Statement } from './statement.entity';
import { recordVoteHistory } from './vote-history.service';

const EXPORT_FILES = ['summary.csv', 'comments.csv', 'votes.csv'] as const;
type ExportFileName = (typeof EXPORT_FILES)[number];

/**
 * Reads one export into a single buffer: summary.csv (when present), comments.csv and
 * votes.csv, each framed by its name and byte length. The import service hashes this buffer, so
 * the folder and its comments.csv name the same import, and a changed votes.csv is a new one.
 */
function readPolisExport(argument: string): Buffer {
  const files = locatePolisFiles(argument);
  const paths: Record<ExportFileName, string | null> = {
    'summary.csv': files.summary,
    'comments.csv': files.comments,
    'votes.csv': files.votes,
  };
  const parts: Buffer[] = [];
  for (const name of EXPORT_FILES) {
    const file = paths[name];
    if (file) {
      const bytes = fs.readFileSync(file);
      parts.push(Buffer.from(`${name}\n${bytes.length}\n`), bytes);
    }
  }

  return Buffer.concat(parts);
}

/** Splits a buffer written by `readPolisExport` back into its files. */
function splitPolisExport(content: Buffer): Map<ExportFileName, Buffer> {
  const files = new Map<ExportFileName, Buffer>();
  let offset = 0;
  while (offset < content.length) {
    const nameEnd = content.indexOf(0x0a, offset);
    const lengthEnd = content.indexOf(0x0a, nameEnd + 1);
    const name = content.subarray(offset, nameEnd).toString('utf8') as ExportFileName;
    const length = Number(content.subarray(nameEnd + 1, lengthEnd).toString('utf8'));
    files.set(name, content.subarray(lengthEnd + 1, lengthEnd + 1 + length));
    offset = lengthEnd + 1 + length;
  }

  return files;
}

async function importConversation(
  folder: string,
  content: Buffer,
  context: ImportContext,
): Promise<ImportOutcome> {
  const { em } = context;
  const files = splitPolisExport(content);
  const name = (file: ExportFileName) => displayName(folder, file);
  const summaryBytes = files.get('summary.csv');
  const summary = summaryBytes
    ? parsePolisSummary(name('summary.csv'), summaryBytes)
    : { topic: null, url: null, description: null };
  const comments = parsePolisComments(
    name('comments.csv'),
    files.get('comments.csv') ?? Buffer.alloc(0),
  );
  const votes = parsePolisVotes(
    name('votes.csv'),
    files.get('votes.csv') ?? Buffer.alloc(0),
    new Set(comments.map((comment) => comment.commentId)),
  );

  const createdAt = comments.reduce<Date | undefined>(
    (earliest, comment) =>
      !earliest || comment.createdAt < earliest ? comment.createdAt : earliest,
    undefined,
  );
  const consultation = await createConsultation(em, {
    title: summary.topic ?? path.basename(path.resolve(folder)),
    description: summary.description,
    source: summary.url,
    createdAt,
    // Polis shows results while a conversation runs, and an export is usually of a public
    // conversation. The import stays OPEN so the conversation can go on here; an operator
    // closes it with advanceConsultationPhase.
    phase: 'OPEN',
    resultsPolicy: 'LIVE',
  });
  const hash = (participantId: string) =>
    participantHash(context.config.hashKey, consultation.id, participantId);

  const statementIds = new Map<string, string>();
  const statements = comments.map((comment) => {
    const row = {
      id: randomUUID(),
      consultation: consultation.id,
      code: comment.commentId,
      text: comment.text,
      moderation: comment.moderation,
      authorHash: comment.authorId === null ? null : hash(comment.authorId),
      createdAt: comment.createdAt,
    };
    statementIds.set(comment.commentId, row.id);

    return row;
  });
  await em.insertMany(Statement, statements);

  const recorded = await recordVoteHistory(
    em,
    votes.map((vote) => ({
      statementId: statementIds.get(vote.commentId)!,
      participantHash: hash(vote.voterId),
      value: vote.value,
      castAt: vote.castAt,
    })),
    context.progress,
  );
  const participants = new Set(votes.map((vote) => vote.voterId)).size;

  return {
    imported: statements.length + recorded.voteEvents,
    rejected: [],
    warnings: [],
    targetId: consultation.id,
    details: {
      statements: statements.length,
      voteEvents: recorded.voteEvents,
      currentVotes: recorded.currentVotes,
      participants,
    },
  };
}

/**
 * Imports one Polis conversation export as a consultation: statements with their moderation,
 * and the whole vote history replayed in time order. Participant and author ids are stored as
 * keyed hashes only.
 */
export const polisImporter: Importer = {
  kind: 'polis',
  description:
    'Polis conversation export: the folder, or its comments.csv with votes.csv beside it',
  readInput: readPolisExport,
  run: async (filePath, content, context) =>
    importConversation(locatePolisFiles(filePath).folder, content, context),
};

import type { MigrationList } from '../../platform/database';
import { Migration20261204182925CreateOpen311 } from './Migration20261204182925CreateOpen311';
import { Migration20261204163334CreateBudget } from './Migration20261204163334CreateBudget';
import { Migration20261204163400CreateCases } from './Migration20261204163400CreateCases';
import { Migration20261204162257CreateConsultations } from './Migration20261204162257CreateConsultations';
import { Migration20261204160723CreateImportRun } from './Migration20261204160723CreateImportRun';

/** Migrations for postgresql, oldest first. Generated with `npm run -w @ratusz/api migration:create`. */
export const postgresqlMigrations: MigrationList = [
  { name: 'Migration20261204160723CreateImportRun', class: Migration20261204160723CreateImportRun },
  { name: 'Migration20261204162257CreateConsultations', class: Migration20261204162257CreateConsultations },
  { name: 'Migration20261204163334CreateBudget', class: Migration20261204163334CreateBudget },
  { name: 'Migration20261204163400CreateCases', class: Migration20261204163400CreateCases },
  { name: 'Migration20261204182925CreateOpen311', class: Migration20261204182925CreateOpen311 },
];

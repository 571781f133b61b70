/**
 * GraphQL documents of the dashboard. Fragments keep the first render (server) and the live
 * updates (browser) on exactly the same fields.
 */

const PRIORITY_RANKING_FIELDS = `
  asOf formula halfLifeDays
  districts {
    district { id code name }
    entries {
      rank score caseCount openCount recentCount meanOpenAgeDays
      category { id code name }
    }
  }`;

export const PRIORITIES_QUERY = `
  query DashboardPriorities($filter: CaseFilter, $top: Int) {
    priorities(filter: $filter, topPerDistrict: $top) { ${PRIORITY_RANKING_FIELDS} }
  }`;

export const HEATMAP_QUERY = `
  query DashboardHeatmap($resolution: Int!, $filter: CaseFilter) {
    caseHeatmap(resolution: $resolution, filter: $filter) {
      resolution totalCases casesWithoutLocation suppressedCells suppressedCases minCount
      cells { h3Index count }
      extent { minLatitude minLongitude maxLatitude maxLongitude }
    }
  }`;

export const JURISDICTIONS_QUERY = `
  query DashboardJurisdictions($first: Int, $after: String) {
    jurisdictions(first: $first, after: $after) {
      edges { node { id code name } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

export const CATEGORIES_QUERY = `
  query DashboardCategories($jurisdictionId: ID, $first: Int, $after: String) {
    categories(jurisdictionId: $jurisdictionId, first: $first, after: $after) {
      edges { node { id code name } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

export const BUDGET_EDITIONS_QUERY = `
  query DashboardBudgetEditions($first: Int, $after: String) {
    budgetEditions(first: $first, after: $after) {
      edges { node { id name country unit subunit currency budget } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

const TALLY_FIELDS = `
  editionId rule currency budget spent ballotCount updatedAt
  projects { projectId code name cost votes score selected rank }`;

export const BUDGET_EDITION_QUERY = `
  query DashboardBudgetEdition($id: ID!) {
    budgetEdition(id: $id) {
      id name country unit subunit description currency budget voteType rule
      tally { ${TALLY_FIELDS} }
    }
  }`;

export const BUDGET_TALLY_QUERY = `
  query DashboardBudgetTally($id: ID!) {
    budgetEdition(id: $id) { tally { ${TALLY_FIELDS} } }
  }`;

export const TALLY_UPDATED_SUBSCRIPTION = `
  subscription DashboardTallyUpdated($editionId: ID!) {
    tallyUpdated(editionId: $editionId) { ${TALLY_FIELDS} }
  }`;

export const CONSULTATIONS_QUERY = `
  query DashboardConsultations($first: Int, $after: String) {
    consultations(first: $first, after: $after) {
      edges { node { id title source } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

const RESULTS_FIELDS = `
  consultationId participants voteEvents respondents updatedAt
  statements { statementId code text agree disagree pass agreeEvents disagreeEvents passEvents }
  questions {
    questionCode type respondents suppressed mean
    options { value count share marginOfError }
    rows { row options { value count share marginOfError } }
    rankingScores { value points meanPosition }
    keywords { term participants }
    topics { keywords participants }
  }
  turnout { district population participants turnout }`;

const OPINION_GROUPS_FIELDS = `
  groupCount clusteredParticipants excludedParticipants
  groups { index size representativeStatements { code direction groupShare } }`;

export const CONSULTATION_QUERY = `
  query DashboardConsultation($id: ID!) {
    consultation(id: $id) {
      id title description source phase resultsPolicy
      questions { code type prompt }
      results { ${RESULTS_FIELDS} }
      opinionGroups { ${OPINION_GROUPS_FIELDS} }
    }
  }`;

export const CONSULTATION_GROUPS_QUERY = `
  query DashboardConsultationGroups($id: ID!) {
    consultation(id: $id) { opinionGroups { ${OPINION_GROUPS_FIELDS} } }
  }`;

export const CONSULTATION_RESULTS_QUERY = `
  query DashboardConsultationResults($id: ID!) {
    consultation(id: $id) { results { ${RESULTS_FIELDS} } }
  }`;

export const CONSULTATION_RESULTS_SUBSCRIPTION = `
  subscription DashboardConsultationResults($consultationId: ID!) {
    consultationResultsUpdated(consultationId: $consultationId) { ${RESULTS_FIELDS} }
  }`;

/** Only the event kind is needed: any change to a case makes the page refetch its aggregate. */
export const CASE_CHANGED_SUBSCRIPTION = `
  subscription DashboardCaseChanged($jurisdictionId: ID) {
    caseChanged(jurisdictionId: $jurisdictionId) { kind case { id } }
  }`;

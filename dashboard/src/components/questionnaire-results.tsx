import type { DistrictTurnoutSnapshot, OptionResult, QuestionResultSnapshot } from '@ratusz/shared';
import { formatNumber, formatPercent } from '@/lib/format';
import { translator, type Lang } from '@/lib/i18n';
import type { ConsultationQuestion } from '@/lib/types';

type Translate = ReturnType<typeof translator>;

/** Renders a share with its margin of error, as "42.0% ± 4.1%", or a dash when hidden. */
function shareText(lang: Lang, option: OptionResult): string {
  if (option.share === null) {
    return '–';
  }
  const share = formatPercent(lang, option.share);

  return option.marginOfError === null
    ? share
    : `${share} ± ${formatPercent(lang, option.marginOfError)}`;
}

function OptionRows({
  lang,
  t,
  code,
  options,
}: {
  lang: Lang;
  t: Translate;
  code: string;
  options: OptionResult[];
}) {
  return options.map((option) => (
    <tr key={option.value}>
      <td>{option.value}</td>
      <td
        className="number"
        data-testid={`option-count-${code}-${option.value}`}
        data-value={option.count ?? ''}
      >
        {option.count === null ? (
          <span className="muted">{t('consultation.hiddenCount')}</span>
        ) : (
          formatNumber(lang, option.count)
        )}
      </td>
      <td className="number">{shareText(lang, option)}</td>
    </tr>
  ));
}

/** Renders the keywords and topics of a text question; the answers themselves are never sent. */
function TextBody({
  lang,
  t,
  result,
}: {
  lang: Lang;
  t: Translate;
  result: QuestionResultSnapshot;
}) {
  const code = result.questionCode;
  if (result.suppressed) {
    return <p className="muted">{t('consultation.suppressed')}</p>;
  }

  return (
    <>
      <p className="muted">{t('consultation.textAnswers')}</p>
      {result.keywords.length === 0 ? (
        <p className="muted">{t('consultation.keywordsNone')}</p>
      ) : (
        <table>
          <caption>{t('consultation.keywords')}</caption>
          <thead>
            <tr>
              <th>{t('consultation.keyword')}</th>
              <th className="number">{t('consultation.count')}</th>
            </tr>
          </thead>
          <tbody>
            {result.keywords.map((keyword) => (
              <tr key={keyword.term}>
                <td>{keyword.term}</td>
                <td
                  className="number"
                  data-testid={`keyword-${code}-${keyword.term}`}
                  data-value={keyword.participants}
                >
                  {formatNumber(lang, keyword.participants)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result.topics.length === 0 ? null : (
        <table>
          <caption>{t('consultation.topics')}</caption>
          <tbody>
            {result.topics.map((topic, index) => (
              <tr key={topic.keywords.join(' ')} data-testid={`topic-${code}-${index}`}>
                <td>{topic.keywords.join(', ')}</td>
                <td className="number" data-value={topic.participants ?? ''}>
                  {topic.participants === null
                    ? t('consultation.hiddenCount')
                    : formatNumber(lang, topic.participants)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function QuestionBody({
  lang,
  t,
  result,
}: {
  lang: Lang;
  t: Translate;
  result: QuestionResultSnapshot;
}) {
  if (result.type === 'SHORT_TEXT' || result.type === 'LONG_TEXT') {
    return <TextBody lang={lang} t={t} result={result} />;
  }
  if (result.suppressed) {
    return <p className="muted">{t('consultation.suppressed')}</p>;
  }
  const head = (
    <thead>
      <tr>
        <th>{t('consultation.option')}</th>
        <th className="number">{t('consultation.count')}</th>
        <th className="number">{t('consultation.share')}</th>
      </tr>
    </thead>
  );
  if (result.type === 'MATRIX') {
    return result.rows.map((row) => (
      <table key={row.row}>
        <caption>{row.row}</caption>
        {head}
        <tbody>
          <OptionRows
            lang={lang}
            t={t}
            code={`${result.questionCode}-${row.row}`}
            options={row.options}
          />
        </tbody>
      </table>
    ));
  }

  return (
    <>
      {result.mean === null ? null : (
        <p>{t('consultation.mean', { mean: formatNumber(lang, result.mean, 2) })}</p>
      )}
      <table>
        {head}
        <tbody>
          <OptionRows lang={lang} t={t} code={result.questionCode} options={result.options} />
        </tbody>
      </table>
    </>
  );
}

/** Renders the results of every questionnaire question, with the question text. */
export function QuestionnaireResults({
  lang,
  questions,
  results,
}: {
  lang: Lang;
  questions: ConsultationQuestion[];
  results: QuestionResultSnapshot[];
}) {
  const t = translator(lang);
  const prompts = new Map(questions.map((question) => [question.code, question.prompt]));

  return results.map((result) => (
    <div key={result.questionCode} data-testid={`question-${result.questionCode}`}>
      <h3>{prompts.get(result.questionCode) ?? result.questionCode}</h3>
      <p
        className="muted"
        data-testid={`question-respondents-${result.questionCode}`}
        data-value={result.respondents ?? ''}
      >
        {t('consultation.count')}:{' '}
        {result.respondents === null
          ? t('consultation.hiddenCount')
          : formatNumber(lang, result.respondents)}
      </p>
      <QuestionBody lang={lang} t={t} result={result} />
    </div>
  ));
}

/** Renders questionnaire turnout by district against the district populations. */
export function TurnoutTable({
  lang,
  turnout,
}: {
  lang: Lang;
  turnout: DistrictTurnoutSnapshot[];
}) {
  const t = translator(lang);

  return (
    <table>
      <thead>
        <tr>
          <th>{t('consultation.district')}</th>
          <th className="number">{t('consultation.count')}</th>
          <th className="number">{t('consultation.population')}</th>
          <th className="number">{t('consultation.turnoutShare')}</th>
        </tr>
      </thead>
      <tbody>
        {turnout.map((row) => (
          <tr key={row.district ?? ''} data-testid={`turnout-${row.district ?? 'other'}`}>
            <td>
              {row.district ?? <span className="muted">{t('consultation.otherDistricts')}</span>}
            </td>
            <td className="number" data-value={row.participants ?? ''}>
              {row.participants === null
                ? t('consultation.hiddenCount')
                : formatNumber(lang, row.participants)}
            </td>
            <td className="number">
              {row.population === null ? '–' : formatNumber(lang, row.population)}
            </td>
            <td className="number">
              {row.turnout === null ? '–' : formatPercent(lang, row.turnout, 2)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

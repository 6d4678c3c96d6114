/**
 * Credentials recognised by their own format: provider prefixes, fixed lengths and alphabets.
 * Every pattern starts at a literal prefix or at the start of a run of its own alphabet (the
 * look-behind), so a failed attempt never rescans a run: matching stays linear.
 */
import { Priority } from '../types.ts';
import {
  looksGenerated,
  looksGeneratedMixedCase,
  patternGroup,
  type PatternSpec,
} from './pattern.ts';

/**
 * No word character before, unless it is the letter of an escape (`\n` inside a JSON string).
 * A single nested look-behind: an alternation of look-behinds here makes V8 several times slower.
 */
const W = String.raw`(?<!(?<!\\)[A-Za-z0-9_])`;
/** As W, and no `-` or `.` either (for tokens whose alphabet includes them). */
const WD = String.raw`(?<!(?<!\\)[A-Za-z0-9_.-])`;
const END = String.raw`(?![A-Za-z0-9_])`;
const ENDD = String.raw`(?![A-Za-z0-9_-])`;

function spec(
  type: string,
  source: string,
  hints: string[],
  extra: Partial<PatternSpec> = {},
): PatternSpec {
  return { type, pattern: new RegExp(source, 'g'), hints, priority: Priority.format, ...extra };
}

const SPECS: PatternSpec[] = [
  spec(
    'aws_access_key_id',
    String.raw`(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}(?![A-Z0-9])`,
    ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'A3T'],
  ),
  spec('github_token', W + String.raw`gh[pousr]_[A-Za-z0-9]{36,251}` + END, [
    'ghp_',
    'gho_',
    'ghu_',
    'ghs_',
    'ghr_',
  ]),
  spec('github_token', W + String.raw`github_pat_[A-Za-z0-9_]{50,255}` + END, ['github_pat_']),
  spec(
    'gitlab_token',
    WD +
      String.raw`(?:glpat|gldt|glptt|glrt|glcbt|glsoat|gloas|glft|glimt|glagent|glffct|glwt)` +
      String.raw`-[A-Za-z0-9_.-]{20,120}` +
      ENDD,
    ['gl'],
  ),
  spec('gitlab_token', W + String.raw`GR1348941[A-Za-z0-9_-]{20,50}` + ENDD, ['GR1348941']),
  spec('npm_token', W + String.raw`npm_[A-Za-z0-9]{36}` + END, ['npm_']),
  spec('pypi_token', WD + String.raw`pypi-[A-Za-z0-9_-]{50,400}` + ENDD, ['pypi-']),
  spec(
    'slack_token',
    WD + String.raw`(?:xox[abposr]|xoxe\.xox[bp]|xoxe|xapp)-[A-Za-z0-9-]{10,250}` + ENDD,
    ['xox', 'xapp-'],
  ),
  spec(
    'slack_webhook_url',
    String.raw`hooks\.slack\.com/(?:services|workflows|triggers)/(?<secret>[A-Za-z0-9_/-]{10,200})`,
    ['hooks.slack.com'],
  ),
  spec(
    'teams_webhook_url',
    String.raw`\.webhook\.office\.com/webhookb2/(?<secret>[A-Za-z0-9@/_-]{20,400})`,
    ['.webhook.office.com/'],
    { hintAt: 'inside' },
  ),
  spec(
    'discord_webhook_url',
    String.raw`discord(?:app)?\.com/api/webhooks/[0-9]{5,30}/(?<secret>[A-Za-z0-9_-]{30,100})`,
    ['discord'],
  ),
  spec('stripe_secret_key', W + String.raw`(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,247}` + END, [
    'sk_live_',
    'rk_live_',
    'sk_test_',
    'rk_test_',
  ]),
  spec('stripe_webhook_secret', W + String.raw`whsec_[A-Za-z0-9+/=]{24,100}` + END, ['whsec_']),
  spec('sendgrid_api_key', WD + String.raw`SG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{30,50}` + ENDD, [
    'SG.',
  ]),
  spec('twilio_api_key', String.raw`(?<![A-Za-z0-9])SK[0-9a-f]{32}(?![A-Za-z0-9])`, ['SK']),
  spec(
    'twilio_auth_token',
    String.raw`(?<![A-Za-z0-9])(?:AC|SK)[0-9a-f]{32}:(?<secret>[0-9a-f]{32})(?![A-Za-z0-9])`,
    ['AC', 'SK'],
  ),
  spec('mailgun_api_key', WD + String.raw`key-[0-9a-f]{32}` + ENDD, ['key-']),
  spec(
    'anthropic_api_key',
    WD + String.raw`sk-ant-(?:api|admin|sid|oat)[0-9]{2}-[A-Za-z0-9_-]{40,200}` + ENDD,
    ['sk-ant-'],
  ),
  spec(
    'openai_api_key',
    WD + String.raw`sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{30,300}` + ENDD,
    ['sk-'],
  ),
  spec('openai_api_key', WD + String.raw`sk-[A-Za-z0-9]{32,64}` + ENDD, ['sk-'], {
    accept: looksGeneratedMixedCase,
  }),
  spec('openrouter_api_key', WD + String.raw`sk-or-v1-[0-9a-f]{64}` + ENDD, ['sk-or-']),
  spec('huggingface_token', W + String.raw`hf_[A-Za-z0-9]{30,40}` + END, ['hf_'], {
    accept: looksGeneratedMixedCase,
  }),
  spec('groq_api_key', W + String.raw`gsk_[A-Za-z0-9]{48,56}` + END, ['gsk_']),
  spec('google_api_key', WD + String.raw`AIza[0-9A-Za-z_-]{35}` + ENDD, ['AIza']),
  spec('google_oauth_client_secret', WD + String.raw`GOCSPX-[A-Za-z0-9_-]{24,40}` + ENDD, [
    'GOCSPX-',
  ]),
  spec('google_oauth_token', WD + String.raw`ya29\.[A-Za-z0-9_-]{30,2000}` + ENDD, ['ya29.']),
  spec('azure_storage_account_key', String.raw`AccountKey=(?<secret>[A-Za-z0-9+/]{20,200}={0,2})`, [
    'AccountKey=',
  ]),
  spec(
    'azure_shared_access_key',
    String.raw`SharedAccessKey=(?<secret>[A-Za-z0-9+/]{20,200}={0,2})`,
    ['SharedAccessKey='],
  ),
  spec(
    'azure_sas_token',
    String.raw`(?<=[?&;\s"']|^)sig=(?<secret>[A-Za-z0-9%+/]{20,200}(?:%3D|%3d|=){0,2})`,
    ['sig='],
  ),
  spec(
    'azure_client_secret',
    String.raw`(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}[0-9]Q~` +
      String.raw`[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])`,
    ['Q~'],
    { hintAt: 'inside' },
  ),
  spec('vault_token', WD + String.raw`hv[sbr]\.[A-Za-z0-9_-]{24,300}` + ENDD, [
    'hvs.',
    'hvb.',
    'hvr.',
  ]),
  spec('vault_token', WD + String.raw`s\.[A-Za-z0-9]{24}(?![A-Za-z0-9_.-])`, ['s.'], {
    accept: looksGeneratedMixedCase,
  }),
  spec(
    'jwt',
    WD +
      String.raw`eyJ[A-Za-z0-9_-]{5,4000}\.eyJ[A-Za-z0-9_-]{5,8000}\.[A-Za-z0-9_-]{0,4000}` +
      ENDD,
    ['eyJ'],
  ),
  spec('digitalocean_token', W + String.raw`do[pro]_v1_[a-f0-9]{64}` + END, [
    'dop_v1_',
    'doo_v1_',
    'dor_v1_',
  ]),
  spec('shopify_token', W + String.raw`shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}` + END, ['shp']),
  spec('linear_api_key', W + String.raw`lin_api_[A-Za-z0-9]{40}` + END, ['lin_api_']),
  spec('databricks_token', W + String.raw`dapi[a-f0-9]{32}(?:-[0-9])?` + END, ['dapi'], {
    accept: looksGenerated,
  }),
  spec('docker_hub_token', W + String.raw`dckr_pat_[A-Za-z0-9_-]{27,40}` + ENDD, ['dckr_pat_']),
  spec('grafana_token', W + String.raw`(?:glsa|glc)_[A-Za-z0-9_=+/-]{32,200}` + ENDD, [
    'glsa_',
    'glc_',
  ]),
  spec('postman_api_key', WD + String.raw`PMAK-[a-f0-9]{24}-[a-f0-9]{34}` + ENDD, ['PMAK-']),
  spec('newrelic_api_key', WD + String.raw`NRAK-[A-Z0-9]{27}` + ENDD, ['NRAK-']),
  spec('sentry_token', W + String.raw`sntr[ysu]_[A-Za-z0-9_=+/-]{40,400}` + ENDD, ['sntr']),
  spec(
    'terraform_cloud_token',
    WD + String.raw`[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_-]{60,80}` + ENDD,
    ['.atlasv1.'],
    { hintAt: 'inside' },
  ),
  spec('age_secret_key', W + String.raw`AGE-SECRET-KEY-1[0-9A-Z]{58}` + END, ['AGE-SECRET-KEY-']),
  spec(
    'doppler_token',
    WD + String.raw`dp\.(?:pt|st|ct|sa|scim|audit)\.[A-Za-z0-9]{40,44}` + ENDD,
    ['dp.'],
  ),
];

/** The detector of every format-recognised credential, behind one pre-check. */
export const formatDetector = patternGroup('formats', SPECS);

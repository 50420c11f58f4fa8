// The policy config (`.github/dbt-steward.yml`), validated with zod. Every field is documented here; the
// JSON schema for editors is generated from this file. Semantics beyond shape are checked after parsing.
import { z } from 'zod';

/** A rule's severity, as written in `rules.<id>`. */
export const severitySchema = z
  .enum(['error', 'warning', 'notice', 'off'])
  .describe('`error` fails the check, `warning` and `notice` are reported, `off` skips the rule.');

const selector = z
  .object({
    paths: z.array(z.string()).optional().describe('Path globs (repository-relative) of the model files.'),
    access: z
      .array(z.enum(['private', 'protected', 'public']))
      .optional()
      .describe('Access levels to match.'),
    groups: z.array(z.string()).optional().describe('dbt groups to match.'),
    lifecycle: z.array(z.string()).optional().describe('Lifecycle values (see `lifecycle.meta_key`) to match.'),
  })
  .strict()
  .describe('Which models a policy applies to; every given criterion must match. Omitted: all models.');

export const policyConfigSchema = z
  .object({
    ownership: z
      .object({
        meta_keys: z
          .array(z.string())
          .default(['data_governance.model.team_owner', 'owner', 'team'])
          .describe('Dotted paths into the merged `config.meta`; the first non-empty one names the owning team.'),
        use_groups: z.boolean().default(true).describe("When no meta key names a team, the model's dbt group does."),
      })
      .strict()
      .prefault({})
      .describe('How a model resolves to its owning team.'),
    teams: z
      .record(
        z.string(),
        z
          .object({
            github_team: z
              .string()
              .optional()
              .describe('GitHub team slug (without the organisation) to ask for review.'),
            users: z.array(z.string()).optional().describe('GitHub logins to ask for review.'),
          })
          .strict(),
      )
      .default({})
      .describe('Team name (as written in meta or as a dbt group) -> who reviews for it on GitHub.'),
    lifecycle: z
      .object({
        meta_key: z.string().default('data_governance.model.lifecycle').describe('Dotted meta path of the lifecycle.'),
        production_values: z
          .array(z.string())
          .default(['production'])
          .describe('Lifecycle values that mean production.'),
      })
      .strict()
      .prefault({})
      .describe('Where a model declares its lifecycle stage.'),
    restricted_data: z
      .array(
        z
          .object({
            meta_key: z
              .string()
              .describe('Dotted meta path of a flag (e.g. `data_governance.model.pii`); truthy means restricted.'),
            allowed_teams: z
              .array(z.string())
              .default([])
              .describe('Teams allowed to ref models with this flag (the owner always is).'),
          })
          .strict(),
      )
      .default([])
      .describe('Meta flags that mark restricted data, and which teams may use it.'),
    required_meta: z
      .array(
        z
          .object({
            key: z.string().describe('Dotted meta path that must be present.'),
            type: z
              .enum(['string', 'boolean', 'number', 'date', 'list', 'object'])
              .optional()
              .describe('Required value type (`date`: a YAML date or timestamp, e.g. `2025-01-31`).'),
            allowed_values: z
              .array(z.union([z.string(), z.number(), z.boolean()]))
              .optional()
              .describe('Allowed values.'),
            select: selector.optional(),
          })
          .strict(),
      )
      .default([])
      .describe('Meta keys every (selected) model must have.'),
    rules: z
      .record(
        z.string(),
        z.union([
          severitySchema,
          z
            .object({
              severity: severitySchema.optional().describe("Overrides the rule's default severity."),
              options: z
                .record(z.string(), z.unknown())
                .optional()
                .describe("The rule's options (see its documentation page); checked against the rule's schema."),
            })
            .strict(),
        ]),
      )
      .default({})
      .describe('Per rule id: a severity, or `{severity, options}`.'),
    scope: z
      .object({
        report_existing: z
          .boolean()
          .default(false)
          .describe('List findings on untouched nodes that already existed at base (otherwise only counted).'),
      })
      .strict()
      .prefault({})
      .describe('Which findings a pull request is held to.'),
    paths: z
      .object({
        include: z.array(z.string()).default(['**']).describe('Globs of files (and dbt projects) to check.'),
        exclude: z.array(z.string()).default([]).describe('Globs of files (and dbt projects) to skip.'),
      })
      .strict()
      .prefault({})
      .describe('Which parts of the repository are checked.'),
    reviewers: z
      .object({
        max: z.number().int().min(0).default(10).describe('At most this many teams plus users are requested.'),
        fallback: z
          .object({
            teams: z
              .array(z.string())
              .default([])
              .describe('GitHub team slugs asked when a changed model has no owner.'),
            users: z.array(z.string()).default([]).describe('GitHub logins asked when a changed model has no owner.'),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({})
      .describe('Review requests.'),
    check: z
      .object({
        fail_on: z
          .enum(['error', 'warning'])
          .default('error')
          .describe('Lowest severity that makes the check run fail (`warning`: warnings fail it too).'),
      })
      .strict()
      .prefault({})
      .describe('How the check run concludes.'),
    dbt: z
      .object({
        target: z
          .object({
            name: z
              .string()
              .optional()
              .describe(
                "`target.name` in the project's Jinja (default `dev`): the target production runs with, e.g. `prod`.",
              ),
            type: z
              .string()
              .optional()
              .describe(
                'The adapter, `target.type` (default `postgres`): its aliases of config keys (`dataset` on bigquery) and its quoting.',
              ),
            schema: z.string().optional().describe("The target's schema (dataset), which custom schemas extend."),
            database: z.string().optional().describe("The target's database (project, catalog)."),
          })
          .strict()
          .prefault({}),
        vars: z
          .record(z.string(), z.unknown())
          .default({})
          .describe(
            "Vars over dbt_project.yml's, as `dbt --vars` gives them (read as this file's YAML 1.2: booleans are `true` / `false`, `no` is a string).",
          ),
      })
      .strict()
      .prefault({})
      .describe(
        'What the projects are compiled for on both sides of a pull request: the target and vars dbt parses with.',
      ),
  })
  .strict();

export type PolicyConfig = z.output<typeof policyConfigSchema>;

// The built-in managed policies, present in every account and read-only: their one definition.
// Four are AWS's own, text for text as AWS publishes them (AWS Managed Policy Reference Guide,
// the default versions current on 2026-12-01). The fifth, IAMSelfManageCredentials, is
// Gatehouse's: AWS's documented example "Allows IAM users to manage their own credentials"
// (with its MFA statements), cut to what Gatehouse has. The startup step and account creation
// (db/builtin-policies.ts) write these rows; a document changed here becomes a new default
// version on the next start.

/** The account part of a built-in policy's ARN, as AWS writes it: `arn:aws:iam::aws:policy/NAME`. */
export const AWS_MANAGED_ACCOUNT = 'aws';

export interface BuiltinPolicy {
  readonly name: string;
  readonly path: '/';
  readonly description: string;
  /** The document for a partition: the compact JSON that is stored as its version's text. */
  readonly document: (partition: string) => string;
}

// The documents below name the `aws` partition, as AWS's do; another partition gets its own ARNs
// (AWS publishes the same documents with `arn:aws-cn:` in China).
const inPartition = (document: object) => (partition: string) => JSON.stringify(document).replaceAll('"arn:aws:', `"arn:${partition}:`);

const OWN_USER = ['arn:aws:iam::*:user/${aws:username}', 'arn:aws:iam::*:user/*/${aws:username}'];
const OWN_MFA = 'arn:aws:iam::*:mfa/${aws:username}';

const ADMINISTRATOR_ACCESS = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};

const IAM_FULL_ACCESS = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: [
        'iam:*',
        'organizations:DescribeAccount',
        'organizations:DescribeOrganization',
        'organizations:DescribeOrganizationalUnit',
        'organizations:DescribePolicy',
        'organizations:ListChildren',
        'organizations:ListParents',
        'organizations:ListPoliciesForTarget',
        'organizations:ListRoots',
        'organizations:ListPolicies',
        'organizations:ListTargetsForPolicy',
      ],
      Resource: '*',
    },
  ],
};

const IAM_READ_ONLY_ACCESS = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: [
        'iam:GenerateCredentialReport',
        'iam:GenerateServiceLastAccessedDetails',
        'iam:Get*',
        'iam:List*',
        'iam:SimulateCustomPolicy',
        'iam:SimulatePrincipalPolicy',
      ],
      Resource: '*',
    },
  ],
};

const IAM_USER_CHANGE_PASSWORD = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: ['iam:ChangePassword'], Resource: OWN_USER },
    { Effect: 'Allow', Action: ['iam:GetAccountPasswordPolicy'], Resource: '*' },
  ],
};

// Every resource is the caller's own, through ${aws:username}: its user (at any path) and a
// virtual MFA device named after it. Listing the account's virtual MFA devices and reading the
// password policy are account-wide actions, on `*` as in AWS's example.
const IAM_SELF_MANAGE_CREDENTIALS = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'AllowViewAccountInfo', Effect: 'Allow', Action: ['iam:GetAccountPasswordPolicy', 'iam:ListVirtualMFADevices'], Resource: '*' },
    { Sid: 'AllowManageOwnPasswords', Effect: 'Allow', Action: ['iam:ChangePassword', 'iam:GetUser', 'iam:GetLoginProfile'], Resource: OWN_USER },
    {
      Sid: 'AllowManageOwnAccessKeys',
      Effect: 'Allow',
      Action: ['iam:CreateAccessKey', 'iam:DeleteAccessKey', 'iam:ListAccessKeys', 'iam:UpdateAccessKey', 'iam:GetAccessKeyLastUsed'],
      Resource: OWN_USER,
    },
    { Sid: 'AllowManageOwnVirtualMFADevice', Effect: 'Allow', Action: ['iam:CreateVirtualMFADevice', 'iam:DeleteVirtualMFADevice'], Resource: OWN_MFA },
    {
      Sid: 'AllowManageOwnUserMFA',
      Effect: 'Allow',
      Action: ['iam:DeactivateMFADevice', 'iam:EnableMFADevice', 'iam:ListMFADevices', 'iam:ResyncMFADevice'],
      Resource: OWN_USER,
    },
  ],
};

export const BUILTIN_POLICIES: readonly BuiltinPolicy[] = [
  { name: 'AdministratorAccess', path: '/', description: 'Provides full access to AWS services and resources.', document: inPartition(ADMINISTRATOR_ACCESS) },
  { name: 'IAMFullAccess', path: '/', description: 'Provides full access to IAM via the AWS Management Console.', document: inPartition(IAM_FULL_ACCESS) },
  { name: 'IAMReadOnlyAccess', path: '/', description: 'Provides read only access to IAM via the AWS Management Console.', document: inPartition(IAM_READ_ONLY_ACCESS) },
  {
    name: 'IAMUserChangePassword',
    path: '/',
    description: 'Provides the ability for an IAM user to change their own password.',
    document: inPartition(IAM_USER_CHANGE_PASSWORD),
  },
  {
    name: 'IAMSelfManageCredentials',
    path: '/',
    description: 'Lets an IAM user manage its own password, access keys and virtual MFA devices (Gatehouse built-in).',
    document: inPartition(IAM_SELF_MANAGE_CREDENTIALS),
  },
];

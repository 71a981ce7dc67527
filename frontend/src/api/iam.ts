/** IAM, reached through the studio's `/iam` pass-through (one origin for the browser). */
import { api } from './http';
import type { Tokens } from '../stores/session';

export const IAM = '/iam/api/v1';

export interface TenantView {
  id: string;
  name: string;
  role: string;
  createdAt: string;
}

export interface Me {
  id: string;
  email: string;
  name: string;
  tenant: string;
  roles: string[];
  permissions: string[];
  tenants: TenantView[];
}

export interface SignupForm {
  email: string;
  password: string;
  name: string;
  tenant?: string;
  invitation?: string;
}

export const iam = {
  signup: (form: SignupForm) => api<Tokens>(`${IAM}/auth/signup`, { method: 'POST', body: form, anonymous: true }),
  signin: (form: { email: string; password: string; tenant?: string; deviceToken?: string }) =>
    api<Tokens>(`${IAM}/auth/signin`, { method: 'POST', body: form, anonymous: true }),
  me: () => api<Me>(`${IAM}/users/me`),
  tenants: () => api<TenantView[]>(`${IAM}/tenants`),
  acceptInvitation: (token: string) =>
    api<TenantView>(`${IAM}/invitations/accept`, { method: 'POST', body: { token } }),
  /** The tenant's users (first 200: the sharing picker's list). */
  users: async () =>
    (await api<{ items: { id: string; email: string; name: string }[] }>(`${IAM}/users?limit=200`)).items,
};

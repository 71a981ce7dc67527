/** Credentials as the studio shows them (secrets masked) and the typed descriptors their forms are built from. */
import { api } from '../api/http';
import type { JsonObject, PropertyDescriptor } from '../api/types';

export interface CredentialView {
  id: string;
  name: string;
  type: string;
  data: JsonObject | null;
}

export interface CredentialTypeDescriptor {
  id: string;
  displayName: string;
  description: string;
  properties: (PropertyDescriptor & { secret?: boolean })[];
  testable: boolean;
}

export async function listCredentials(type: string): Promise<CredentialView[]> {
  const page = await api<{ items: CredentialView[] }>(`/api/v1/credentials?type=${encodeURIComponent(type)}&limit=200`);
  return page.items;
}

export function credentialType(type: string): Promise<CredentialTypeDescriptor> {
  return api<CredentialTypeDescriptor>(`/api/v1/credential-types/${encodeURIComponent(type)}`);
}

export function createCredential(name: string, type: string, data: JsonObject): Promise<CredentialView> {
  return api<CredentialView>('/api/v1/credentials', { method: 'POST', body: { name, type, data } });
}

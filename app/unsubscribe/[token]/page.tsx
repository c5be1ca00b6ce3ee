import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { findUnsubscribe } from "@/lib/notifications/unsubscribe";
import { AuthCard } from "@/components/auth-card";
import { UnsubscribeButton } from "./unsubscribe-button";
import { unsubscribeAction } from "./actions";

export const metadata: Metadata = { title: "Unsubscribe · Coffer", referrer: "no-referrer", robots: { index: false } };

// Opening the link changes nothing (mail scanners open links); the button does. Mail clients that support it
// unsubscribe in one click through /api/unsubscribe/[token] instead.
export default async function UnsubscribePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const found = await findUnsubscribe(token);
  if (!found) notFound();
  return (
    <AuthCard title="Stop this kind of mail">
      <UnsubscribeButton token={token} username={found.username} label={found.label} unsubscribe={unsubscribeAction} />
    </AuthCard>
  );
}

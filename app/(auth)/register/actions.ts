"use server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { signIn } from "@/lib/auth/config";
import { registerSchema } from "@/lib/auth/schemas";
import { registerUser } from "@/lib/auth/register-user";
import { publicAction } from "@/lib/actions/safe-action";
import { clientAddress } from "@/lib/client-address";
import { setFlash } from "@/lib/actions/flash";

export const registerAction = publicAction(registerSchema, async (input) => {
  const address = clientAddress(await headers());
  await registerUser({ ...input, address });
  await signIn("credentials", { identifier: input.username, password: input.password, redirect: false });
  await setFlash({ type: "success", message: `Welcome to Coffer, ${input.username}.` });
  redirect("/dashboard");
});

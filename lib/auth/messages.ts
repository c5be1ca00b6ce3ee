// One message for every failed sign-in, whatever the reason, so none of them tells an account exists.
export const INVALID_SIGN_IN = "Incorrect username, email or password.";

// The generated fetch client names the DOM's BodyInit type; Node's fetch types call it RequestInit['body'].
declare global {
  type BodyInit = NonNullable<RequestInit['body']>;
}

export {};

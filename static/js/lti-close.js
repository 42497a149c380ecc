// LTI Dynamic Registration: tell the platform that opened this page that registration is done.
(window.opener || window.parent).postMessage({ subject: "org.imsglobal.lti.close" }, "*");
